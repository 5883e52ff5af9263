"""Conversation flows as pure, typed state machines: the open question, what an answer
stores, what comes next. Handlers translate updates into answers and outcomes into messages;
nothing here knows Telegram or the database (an import contract says so)."""
