"""The disclosure log: every time something about a person leaves lac, what, to whom,
on what basis, when and by whom."""
