-- A trigger with transition tables fires for one event only, so taggings has one per event (see taggings_update_label_counts()).
CREATE OR REPLACE TRIGGER taggings_update_label_counts_insert AFTER INSERT ON taggings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION taggings_update_label_counts();
