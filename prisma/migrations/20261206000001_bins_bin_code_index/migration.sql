-- Bin lookups by code across warehouses (an admin's scan, GET /lookup/bin/{code}) find the bin through an index;
-- bins_warehouse_id_bin_code_key leads with the warehouse.
-- CreateIndex
CREATE INDEX "bins_bin_code_idx" ON "bins"("bin_code");
