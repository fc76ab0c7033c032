"""A news lead hard-wrapped at 66 columns, as agency copy is (written for these tests): the
headline tests and the event tests both put a headline right above it."""

LEAD = (
    "The harbour board of Osterberg said on Tuesday that the old pier\n"
    "would reopen to ferries and fishing boats once the storm damage to\n"
    "its timber deck had been repaired, ending three weeks of closure.\n"
    "Ferry operators said they had lost much of the winter trade and\n"
    "asked the board to waive their berthing fees for the rest of the\n"
    "season, a request the minister said the board would consider.\n"
)
