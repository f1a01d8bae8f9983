"""The app's screens: library, reader, note editor, help, confirmation."""
