"""Benchmarks for reader: ``python -m benchmarks [NAME ...]`` (``make bench``).

Each ``bench_<topic>.py`` module has a ``main() -> None`` that prints its figures;
:mod:`benchmarks.corpus` provides the shared ~5 MB book of real text they measure.
A benchmark is not a test: it reports numbers, it does not assert them.
"""
