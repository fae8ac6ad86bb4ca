-- The X-Ray trace of the upload that saved the photo (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx), so the window can
-- show it and open it in the trace panel; null for photos saved untraced.
ALTER TABLE photos ADD COLUMN upload_trace_id VARCHAR(40) NULL;
