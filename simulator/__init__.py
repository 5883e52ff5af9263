"""The season simulator (`stride simulate`): scripted athletes play weeks, day by day, through
the real bot on the Bot API emulator, and a report says what the coach did with them."""
