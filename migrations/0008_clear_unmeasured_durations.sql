-- Paper forms typed in and imported rows had their start time set to the submission time, so every
-- one of them looked like a speeder (duration 0). Nobody measured how long they took: no start time.
UPDATE `responses` SET `started_at` = NULL WHERE `channel` IN ('paper', 'import');
