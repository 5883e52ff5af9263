"""Every inline keyboard the bot shows is built in this package, one module per area (the
same areas as ``bot.render``). Buttons carry their meaning via ``bot.callbacks.encode``."""
