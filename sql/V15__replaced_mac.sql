-- Issue 22: an appliance whose MAC changed keeps its instance (seat, network, access settings, history); the instance
-- remembers the MAC it had, so that the old MAC cannot take a second seat while the replacing one holds it.
ALTER TABLE instance ADD COLUMN replaced_mac VARCHAR(17) NULL, ADD INDEX ix_instance_replaced_mac (replaced_mac);
