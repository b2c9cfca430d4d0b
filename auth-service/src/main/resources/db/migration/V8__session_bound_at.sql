-- When a session was bound to its key (DBSC registration): requests the browser sent while it was
-- registering carry no bound cookie yet, and introspection accepts them for a short grace after
-- this moment (gatehouse.binding.registration-grace) instead of refusing the first page load.
ALTER TABLE sessions ADD COLUMN bound_at TIMESTAMP WITH TIME ZONE;
