-- Responses stored before the cell-key method get their record key now: an independent random
-- integer in [0, 2^32) for each row (SQLite's random(), masked to 32 bits), never derived from
-- the response's id, answers or time. New responses get theirs from the application at insert.
UPDATE `responses` SET `cell_key` = (random() & 4294967295) WHERE `cell_key` IS NULL;
