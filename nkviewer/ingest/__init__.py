"""Reading a corpus: files in many formats become `Document`s; bad files become `FileProblem`s."""
