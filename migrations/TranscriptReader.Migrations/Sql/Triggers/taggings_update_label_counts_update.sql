-- A trigger with transition tables fires for one event only, so taggings has one per event (see taggings_update_label_counts()).
CREATE OR REPLACE TRIGGER taggings_update_label_counts_update AFTER UPDATE ON taggings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION taggings_update_label_counts();
