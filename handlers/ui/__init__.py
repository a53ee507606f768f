"""What every feature shares: replies, keyboards' layout, the main menu and back-to-menu,
the pager, the confirmation row, the date and time pickers, the hints for unexpected input.

Nothing here imports a feature."""
