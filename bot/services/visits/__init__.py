"""Home visits: animators' free slots, bookings, reminders, calendar files.

slots.py plans and publishes availability; booking.py books, moves, cancels
and closes visits (the database refuses a second booking of a slot);
reminders.py queues what people are told and when; calendar.py writes .ics.
"""
