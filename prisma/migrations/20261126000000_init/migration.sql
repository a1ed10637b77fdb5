-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "warehouses" (
    "warehouse_id" SERIAL NOT NULL,
    "warehouse_code" VARCHAR(20) NOT NULL,
    "warehouse_name" VARCHAR(100) NOT NULL,
    "address" VARCHAR(500),
    "is_active" BOOLEAN DEFAULT true,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "warehouses_pkey" PRIMARY KEY ("warehouse_id")
);

-- CreateTable
CREATE TABLE "zones" (
    "zone_id" SERIAL NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "zone_code" VARCHAR(20) NOT NULL,
    "zone_name" VARCHAR(100) NOT NULL,
    "zone_type" VARCHAR(50) NOT NULL,
    "is_active" BOOLEAN DEFAULT true,

    CONSTRAINT "zones_pkey" PRIMARY KEY ("zone_id")
);

-- CreateTable
CREATE TABLE "bins" (
    "bin_id" SERIAL NOT NULL,
    "zone_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "bin_code" VARCHAR(50) NOT NULL,
    "bin_barcode" VARCHAR(100) NOT NULL,
    "bin_type" VARCHAR(50) NOT NULL DEFAULT 'Pickable',
    "aisle" VARCHAR(10),
    "row_num" VARCHAR(10),
    "level_num" VARCHAR(10),
    "position_num" VARCHAR(10),
    "pick_sequence" INTEGER NOT NULL DEFAULT 0,
    "putaway_sequence" INTEGER NOT NULL DEFAULT 0,
    "max_weight_lbs" DECIMAL(10,2),
    "max_volume_cuft" DECIMAL(10,2),
    "description" VARCHAR(200),
    "is_active" BOOLEAN DEFAULT true,

    CONSTRAINT "bins_pkey" PRIMARY KEY ("bin_id")
);

-- CreateTable
CREATE TABLE "items" (
    "item_id" SERIAL NOT NULL,
    "sku" VARCHAR(50) NOT NULL,
    "item_name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(1000),
    "upc" VARCHAR(50),
    "barcode_aliases" JSONB,
    "category" VARCHAR(100),
    "weight_lbs" DECIMAL(10,4),
    "length_in" DECIMAL(10,2),
    "width_in" DECIMAL(10,2),
    "height_in" DECIMAL(10,2),
    "default_bin_id" INTEGER,
    "reorder_point" INTEGER DEFAULT 0,
    "reorder_qty" INTEGER DEFAULT 0,
    "is_lot_tracked" BOOLEAN DEFAULT false,
    "is_serial_tracked" BOOLEAN DEFAULT false,
    "is_active" BOOLEAN DEFAULT true,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "items_pkey" PRIMARY KEY ("item_id")
);

-- CreateTable
CREATE TABLE "inventory" (
    "inventory_id" SERIAL NOT NULL,
    "item_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity_on_hand" INTEGER NOT NULL DEFAULT 0,
    "quantity_allocated" INTEGER NOT NULL DEFAULT 0,
    "lot_number" VARCHAR(50),
    "expiry_date" DATE,
    "last_counted_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_pkey" PRIMARY KEY ("inventory_id")
);

-- CreateTable
CREATE TABLE "preferred_bins" (
    "preferred_bin_id" SERIAL NOT NULL,
    "item_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "notes" VARCHAR(500),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "preferred_bins_pkey" PRIMARY KEY ("preferred_bin_id")
);

-- CreateTable
CREATE TABLE "purchase_orders" (
    "po_id" SERIAL NOT NULL,
    "po_number" VARCHAR(50) NOT NULL,
    "po_barcode" VARCHAR(100),
    "vendor_name" VARCHAR(200),
    "vendor_id" VARCHAR(50),
    "status" VARCHAR(20) NOT NULL DEFAULT 'OPEN',
    "expected_date" DATE,
    "warehouse_id" INTEGER NOT NULL,
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "received_at" TIMESTAMPTZ(6),
    "created_by" VARCHAR(100),

    CONSTRAINT "purchase_orders_pkey" PRIMARY KEY ("po_id")
);

-- CreateTable
CREATE TABLE "purchase_order_lines" (
    "po_line_id" SERIAL NOT NULL,
    "po_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "quantity_ordered" INTEGER NOT NULL,
    "quantity_received" INTEGER NOT NULL DEFAULT 0,
    "unit_cost" DECIMAL(10,4),
    "line_number" INTEGER NOT NULL,
    "status" VARCHAR(20) DEFAULT 'PENDING',

    CONSTRAINT "purchase_order_lines_pkey" PRIMARY KEY ("po_line_id")
);

-- CreateTable
CREATE TABLE "item_receipts" (
    "receipt_id" SERIAL NOT NULL,
    "po_id" INTEGER,
    "po_line_id" INTEGER,
    "item_id" INTEGER NOT NULL,
    "quantity_received" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "lot_number" VARCHAR(50),
    "serial_number" VARCHAR(100),
    "received_by" VARCHAR(100) NOT NULL,
    "received_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "notes" VARCHAR(500),

    CONSTRAINT "item_receipts_pkey" PRIMARY KEY ("receipt_id")
);

-- CreateTable
CREATE TABLE "bin_transfers" (
    "transfer_id" SERIAL NOT NULL,
    "item_id" INTEGER NOT NULL,
    "from_bin_id" INTEGER NOT NULL,
    "to_bin_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "transfer_type" VARCHAR(20) NOT NULL,
    "lot_number" VARCHAR(50),
    "reason" VARCHAR(200),
    "transferred_by" VARCHAR(100),
    "transferred_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bin_transfers_pkey" PRIMARY KEY ("transfer_id")
);

-- CreateTable
CREATE TABLE "sales_orders" (
    "so_id" SERIAL NOT NULL,
    "so_number" VARCHAR(50) NOT NULL,
    "so_barcode" VARCHAR(100),
    "customer_name" VARCHAR(200),
    "customer_id" VARCHAR(50),
    "customer_phone" VARCHAR(50),
    "customer_address" TEXT,
    "status" VARCHAR(20) NOT NULL DEFAULT 'OPEN',
    "priority" INTEGER DEFAULT 0,
    "warehouse_id" INTEGER NOT NULL,
    "ship_method" VARCHAR(50),
    "ship_address" VARCHAR(500),
    "order_date" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "ship_by_date" DATE,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "picked_at" TIMESTAMPTZ(6),
    "packed_at" TIMESTAMPTZ(6),
    "shipped_at" TIMESTAMPTZ(6),
    "carrier" VARCHAR(100),
    "tracking_number" VARCHAR(255),
    "created_by" VARCHAR(100),

    CONSTRAINT "sales_orders_pkey" PRIMARY KEY ("so_id")
);

-- CreateTable
CREATE TABLE "sales_order_lines" (
    "so_line_id" SERIAL NOT NULL,
    "so_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "quantity_ordered" INTEGER NOT NULL,
    "quantity_allocated" INTEGER NOT NULL DEFAULT 0,
    "quantity_picked" INTEGER NOT NULL DEFAULT 0,
    "quantity_packed" INTEGER NOT NULL DEFAULT 0,
    "quantity_shipped" INTEGER NOT NULL DEFAULT 0,
    "line_number" INTEGER NOT NULL,
    "status" VARCHAR(20) DEFAULT 'PENDING',

    CONSTRAINT "sales_order_lines_pkey" PRIMARY KEY ("so_line_id")
);

-- CreateTable
CREATE TABLE "pick_batches" (
    "batch_id" SERIAL NOT NULL,
    "batch_number" VARCHAR(50) NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'OPEN',
    "assigned_to" VARCHAR(100),
    "total_orders" INTEGER NOT NULL DEFAULT 0,
    "total_items" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(6),
    "completed_at" TIMESTAMPTZ(6),

    CONSTRAINT "pick_batches_pkey" PRIMARY KEY ("batch_id")
);

-- CreateTable
CREATE TABLE "pick_batch_orders" (
    "batch_order_id" SERIAL NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "so_id" INTEGER NOT NULL,
    "tote_number" VARCHAR(50),

    CONSTRAINT "pick_batch_orders_pkey" PRIMARY KEY ("batch_order_id")
);

-- CreateTable
CREATE TABLE "pick_tasks" (
    "pick_task_id" SERIAL NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "so_id" INTEGER NOT NULL,
    "so_line_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "quantity_to_pick" INTEGER NOT NULL,
    "quantity_picked" INTEGER NOT NULL DEFAULT 0,
    "pick_sequence" INTEGER NOT NULL DEFAULT 0,
    "tote_number" VARCHAR(50),
    "status" VARCHAR(20) NOT NULL DEFAULT 'PENDING',
    "picked_by" VARCHAR(100),
    "picked_at" TIMESTAMPTZ(6),
    "scan_confirmed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "pick_tasks_pkey" PRIMARY KEY ("pick_task_id")
);

-- CreateTable
CREATE TABLE "wave_pick_orders" (
    "id" SERIAL NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "so_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wave_pick_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wave_pick_breakdown" (
    "id" SERIAL NOT NULL,
    "pick_task_id" INTEGER NOT NULL,
    "so_id" INTEGER NOT NULL,
    "so_line_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "quantity_picked" INTEGER NOT NULL DEFAULT 0,
    "short_quantity" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "wave_pick_breakdown_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pack_verifications" (
    "id" SERIAL NOT NULL,
    "so_id" INTEGER NOT NULL,
    "so_line_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "scanned_barcode" VARCHAR(100),
    "verified_by" VARCHAR(100),
    "verified_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pack_verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_fulfillments" (
    "fulfillment_id" SERIAL NOT NULL,
    "so_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "tracking_number" VARCHAR(100),
    "carrier" VARCHAR(50),
    "ship_method" VARCHAR(50),
    "status" VARCHAR(20) NOT NULL DEFAULT 'SHIPPED',
    "shipped_by" VARCHAR(100),
    "shipped_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_fulfillments_pkey" PRIMARY KEY ("fulfillment_id")
);

-- CreateTable
CREATE TABLE "item_fulfillment_lines" (
    "fulfillment_line_id" SERIAL NOT NULL,
    "fulfillment_id" INTEGER NOT NULL,
    "so_line_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "quantity_shipped" INTEGER NOT NULL,
    "bin_id" INTEGER,
    "lot_number" VARCHAR(50),
    "serial_number" VARCHAR(100),

    CONSTRAINT "item_fulfillment_lines_pkey" PRIMARY KEY ("fulfillment_line_id")
);

-- CreateTable
CREATE TABLE "cycle_counts" (
    "count_id" SERIAL NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'PENDING',
    "assigned_to" VARCHAR(100),
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(6),

    CONSTRAINT "cycle_counts_pkey" PRIMARY KEY ("count_id")
);

-- CreateTable
CREATE TABLE "cycle_count_lines" (
    "count_line_id" SERIAL NOT NULL,
    "count_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "expected_quantity" INTEGER NOT NULL,
    "counted_quantity" INTEGER,
    "scanned" BOOLEAN NOT NULL DEFAULT false,
    "unexpected" BOOLEAN NOT NULL DEFAULT false,
    "counted_by" VARCHAR(100),
    "counted_at" TIMESTAMPTZ(6),

    CONSTRAINT "cycle_count_lines_pkey" PRIMARY KEY ("count_line_id")
);

-- CreateTable
CREATE TABLE "inventory_adjustments" (
    "adjustment_id" SERIAL NOT NULL,
    "item_id" INTEGER NOT NULL,
    "bin_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity_change" INTEGER NOT NULL,
    "reason_code" VARCHAR(50) NOT NULL,
    "reason_detail" VARCHAR(500),
    "status" VARCHAR(20) NOT NULL DEFAULT 'PENDING',
    "adjusted_by" VARCHAR(100),
    "adjusted_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "cycle_count_id" INTEGER,

    CONSTRAINT "inventory_adjustments_pkey" PRIMARY KEY ("adjustment_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "log_id" BIGSERIAL NOT NULL,
    "action_type" VARCHAR(50) NOT NULL,
    "entity_type" VARCHAR(50),
    "entity_id" INTEGER,
    "user_id" VARCHAR(100),
    "device_id" VARCHAR(100),
    "warehouse_id" INTEGER,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prev_hash" BYTEA,
    "row_hash" BYTEA,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("log_id")
);

-- CreateTable
CREATE TABLE "app_settings" (
    "id" SERIAL NOT NULL,
    "key" VARCHAR(100) NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "user_id" SERIAL NOT NULL,
    "username" VARCHAR(50) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "full_name" VARCHAR(100) NOT NULL,
    "role" VARCHAR(20) NOT NULL DEFAULT 'USER',
    "warehouse_id" INTEGER,
    "warehouse_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "allowed_functions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_active" BOOLEAN DEFAULT true,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "last_login" TIMESTAMPTZ(6),
    "password_changed_at" TIMESTAMPTZ(6),

    CONSTRAINT "users_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "login_attempts" (
    "id" SERIAL NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(6),
    "last_attempt" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connector_credentials" (
    "id" SERIAL NOT NULL,
    "connector_name" VARCHAR(64) NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "credential_key" VARCHAR(128) NOT NULL,
    "encrypted_value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connector_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_state" (
    "id" SERIAL NOT NULL,
    "connector_name" VARCHAR(64) NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "sync_type" VARCHAR(32) NOT NULL,
    "sync_status" VARCHAR(16) NOT NULL DEFAULT 'idle',
    "last_synced_at" TIMESTAMPTZ(6),
    "last_success_at" TIMESTAMPTZ(6),
    "last_error_at" TIMESTAMPTZ(6),
    "last_error_message" TEXT,
    "consecutive_errors" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_outbox" (
    "id" BIGSERIAL NOT NULL,
    "topic" VARCHAR(100) NOT NULL,
    "warehouse_id" INTEGER,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "key" VARCHAR(255) NOT NULL,
    "scope" VARCHAR(255) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "status_code" INTEGER,
    "response" JSONB,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "warehouses_warehouse_code_key" ON "warehouses"("warehouse_code");

-- CreateIndex
CREATE UNIQUE INDEX "zones_warehouse_id_zone_code_key" ON "zones"("warehouse_id", "zone_code");

-- CreateIndex
CREATE INDEX "bins_bin_barcode_idx" ON "bins"("bin_barcode");

-- CreateIndex
CREATE INDEX "bins_zone_id_idx" ON "bins"("zone_id");

-- CreateIndex
CREATE UNIQUE INDEX "bins_warehouse_id_bin_code_key" ON "bins"("warehouse_id", "bin_code");

-- CreateIndex
CREATE UNIQUE INDEX "items_sku_key" ON "items"("sku");

-- CreateIndex
CREATE INDEX "items_upc_idx" ON "items"("upc");

-- CreateIndex
CREATE INDEX "items_barcode_aliases_idx" ON "items" USING GIN ("barcode_aliases");

-- CreateIndex
CREATE INDEX "inventory_bin_id_idx" ON "inventory"("bin_id");

-- CreateIndex
CREATE INDEX "inventory_item_id_idx" ON "inventory"("item_id");

-- CreateIndex
CREATE INDEX "inventory_warehouse_id_idx" ON "inventory"("warehouse_id");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_item_id_bin_id_lot_number_key" ON "inventory"("item_id", "bin_id", "lot_number");

-- CreateIndex
CREATE INDEX "preferred_bins_bin_id_idx" ON "preferred_bins"("bin_id");

-- CreateIndex
CREATE UNIQUE INDEX "preferred_bins_item_id_bin_id_key" ON "preferred_bins"("item_id", "bin_id");

-- CreateIndex
CREATE UNIQUE INDEX "purchase_orders_po_number_key" ON "purchase_orders"("po_number");

-- CreateIndex
CREATE INDEX "purchase_orders_po_barcode_idx" ON "purchase_orders"("po_barcode");

-- CreateIndex
CREATE INDEX "purchase_orders_status_warehouse_id_idx" ON "purchase_orders"("status", "warehouse_id");

-- CreateIndex
CREATE INDEX "purchase_orders_warehouse_id_idx" ON "purchase_orders"("warehouse_id");

-- CreateIndex
CREATE INDEX "purchase_order_lines_po_id_idx" ON "purchase_order_lines"("po_id");

-- CreateIndex
CREATE INDEX "purchase_order_lines_item_id_idx" ON "purchase_order_lines"("item_id");

-- CreateIndex
CREATE INDEX "item_receipts_po_id_idx" ON "item_receipts"("po_id");

-- CreateIndex
CREATE INDEX "item_receipts_po_line_id_idx" ON "item_receipts"("po_line_id");

-- CreateIndex
CREATE INDEX "item_receipts_bin_id_idx" ON "item_receipts"("bin_id");

-- CreateIndex
CREATE INDEX "bin_transfers_item_id_idx" ON "bin_transfers"("item_id");

-- CreateIndex
CREATE INDEX "bin_transfers_warehouse_id_transferred_at_idx" ON "bin_transfers"("warehouse_id", "transferred_at");

-- CreateIndex
CREATE UNIQUE INDEX "sales_orders_so_number_key" ON "sales_orders"("so_number");

-- CreateIndex
CREATE INDEX "sales_orders_so_barcode_idx" ON "sales_orders"("so_barcode");

-- CreateIndex
CREATE INDEX "sales_orders_status_warehouse_id_idx" ON "sales_orders"("status", "warehouse_id");

-- CreateIndex
CREATE INDEX "sales_orders_warehouse_id_idx" ON "sales_orders"("warehouse_id");

-- CreateIndex
CREATE INDEX "sales_order_lines_so_id_idx" ON "sales_order_lines"("so_id");

-- CreateIndex
CREATE INDEX "sales_order_lines_item_id_idx" ON "sales_order_lines"("item_id");

-- CreateIndex
CREATE UNIQUE INDEX "pick_batches_batch_number_key" ON "pick_batches"("batch_number");

-- CreateIndex
CREATE INDEX "pick_batches_warehouse_id_status_idx" ON "pick_batches"("warehouse_id", "status");

-- CreateIndex
CREATE INDEX "pick_batches_assigned_to_status_idx" ON "pick_batches"("assigned_to", "status");

-- CreateIndex
CREATE INDEX "pick_batch_orders_so_id_idx" ON "pick_batch_orders"("so_id");

-- CreateIndex
CREATE UNIQUE INDEX "pick_batch_orders_batch_id_so_id_key" ON "pick_batch_orders"("batch_id", "so_id");

-- CreateIndex
CREATE INDEX "pick_tasks_batch_id_status_idx" ON "pick_tasks"("batch_id", "status");

-- CreateIndex
CREATE INDEX "pick_tasks_so_id_idx" ON "pick_tasks"("so_id");

-- CreateIndex
CREATE INDEX "pick_tasks_so_line_id_idx" ON "pick_tasks"("so_line_id");

-- CreateIndex
CREATE INDEX "pick_tasks_bin_id_idx" ON "pick_tasks"("bin_id");

-- CreateIndex
CREATE INDEX "wave_pick_orders_so_id_idx" ON "wave_pick_orders"("so_id");

-- CreateIndex
CREATE UNIQUE INDEX "wave_pick_orders_batch_id_so_id_key" ON "wave_pick_orders"("batch_id", "so_id");

-- CreateIndex
CREATE INDEX "wave_pick_breakdown_pick_task_id_idx" ON "wave_pick_breakdown"("pick_task_id");

-- CreateIndex
CREATE INDEX "wave_pick_breakdown_so_id_idx" ON "wave_pick_breakdown"("so_id");

-- CreateIndex
CREATE INDEX "pack_verifications_so_id_idx" ON "pack_verifications"("so_id");

-- CreateIndex
CREATE INDEX "item_fulfillments_so_id_idx" ON "item_fulfillments"("so_id");

-- CreateIndex
CREATE INDEX "item_fulfillment_lines_fulfillment_id_idx" ON "item_fulfillment_lines"("fulfillment_id");

-- CreateIndex
CREATE INDEX "item_fulfillment_lines_so_line_id_idx" ON "item_fulfillment_lines"("so_line_id");

-- CreateIndex
CREATE INDEX "cycle_counts_warehouse_id_status_idx" ON "cycle_counts"("warehouse_id", "status");

-- CreateIndex
CREATE INDEX "cycle_counts_bin_id_idx" ON "cycle_counts"("bin_id");

-- CreateIndex
CREATE INDEX "cycle_count_lines_count_id_idx" ON "cycle_count_lines"("count_id");

-- CreateIndex
CREATE INDEX "inventory_adjustments_status_warehouse_id_idx" ON "inventory_adjustments"("status", "warehouse_id");

-- CreateIndex
CREATE INDEX "inventory_adjustments_cycle_count_id_idx" ON "inventory_adjustments"("cycle_count_id");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- CreateIndex
CREATE INDEX "audit_log_action_type_idx" ON "audit_log"("action_type");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "audit_log"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_warehouse_id_idx" ON "audit_log"("warehouse_id");

-- CreateIndex
CREATE UNIQUE INDEX "app_settings_key_key" ON "app_settings"("key");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "login_attempts_key_key" ON "login_attempts"("key");

-- CreateIndex
CREATE UNIQUE INDEX "connector_credentials_connector_name_warehouse_id_credentia_key" ON "connector_credentials"("connector_name", "warehouse_id", "credential_key");

-- CreateIndex
CREATE UNIQUE INDEX "sync_state_connector_name_warehouse_id_sync_type_key" ON "sync_state"("connector_name", "warehouse_id", "sync_type");

-- CreateIndex
CREATE INDEX "event_outbox_created_at_idx" ON "event_outbox"("created_at");

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

-- AddForeignKey
ALTER TABLE "zones" ADD CONSTRAINT "zones_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bins" ADD CONSTRAINT "bins_zone_id_fkey" FOREIGN KEY ("zone_id") REFERENCES "zones"("zone_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bins" ADD CONSTRAINT "bins_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "items" ADD CONSTRAINT "items_default_bin_id_fkey" FOREIGN KEY ("default_bin_id") REFERENCES "bins"("bin_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_bin_id_fkey" FOREIGN KEY ("bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "preferred_bins" ADD CONSTRAINT "preferred_bins_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "preferred_bins" ADD CONSTRAINT "preferred_bins_bin_id_fkey" FOREIGN KEY ("bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_po_id_fkey" FOREIGN KEY ("po_id") REFERENCES "purchase_orders"("po_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_receipts" ADD CONSTRAINT "item_receipts_po_id_fkey" FOREIGN KEY ("po_id") REFERENCES "purchase_orders"("po_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_receipts" ADD CONSTRAINT "item_receipts_po_line_id_fkey" FOREIGN KEY ("po_line_id") REFERENCES "purchase_order_lines"("po_line_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_receipts" ADD CONSTRAINT "item_receipts_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_receipts" ADD CONSTRAINT "item_receipts_bin_id_fkey" FOREIGN KEY ("bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_receipts" ADD CONSTRAINT "item_receipts_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bin_transfers" ADD CONSTRAINT "bin_transfers_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bin_transfers" ADD CONSTRAINT "bin_transfers_from_bin_id_fkey" FOREIGN KEY ("from_bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bin_transfers" ADD CONSTRAINT "bin_transfers_to_bin_id_fkey" FOREIGN KEY ("to_bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bin_transfers" ADD CONSTRAINT "bin_transfers_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sales_orders" ADD CONSTRAINT "sales_orders_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sales_order_lines" ADD CONSTRAINT "sales_order_lines_so_id_fkey" FOREIGN KEY ("so_id") REFERENCES "sales_orders"("so_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sales_order_lines" ADD CONSTRAINT "sales_order_lines_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_batches" ADD CONSTRAINT "pick_batches_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_batch_orders" ADD CONSTRAINT "pick_batch_orders_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "pick_batches"("batch_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_batch_orders" ADD CONSTRAINT "pick_batch_orders_so_id_fkey" FOREIGN KEY ("so_id") REFERENCES "sales_orders"("so_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_tasks" ADD CONSTRAINT "pick_tasks_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "pick_batches"("batch_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_tasks" ADD CONSTRAINT "pick_tasks_so_id_fkey" FOREIGN KEY ("so_id") REFERENCES "sales_orders"("so_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_tasks" ADD CONSTRAINT "pick_tasks_so_line_id_fkey" FOREIGN KEY ("so_line_id") REFERENCES "sales_order_lines"("so_line_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_tasks" ADD CONSTRAINT "pick_tasks_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_tasks" ADD CONSTRAINT "pick_tasks_bin_id_fkey" FOREIGN KEY ("bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wave_pick_orders" ADD CONSTRAINT "wave_pick_orders_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "pick_batches"("batch_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wave_pick_orders" ADD CONSTRAINT "wave_pick_orders_so_id_fkey" FOREIGN KEY ("so_id") REFERENCES "sales_orders"("so_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wave_pick_breakdown" ADD CONSTRAINT "wave_pick_breakdown_pick_task_id_fkey" FOREIGN KEY ("pick_task_id") REFERENCES "pick_tasks"("pick_task_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wave_pick_breakdown" ADD CONSTRAINT "wave_pick_breakdown_so_id_fkey" FOREIGN KEY ("so_id") REFERENCES "sales_orders"("so_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "wave_pick_breakdown" ADD CONSTRAINT "wave_pick_breakdown_so_line_id_fkey" FOREIGN KEY ("so_line_id") REFERENCES "sales_order_lines"("so_line_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pack_verifications" ADD CONSTRAINT "pack_verifications_so_id_fkey" FOREIGN KEY ("so_id") REFERENCES "sales_orders"("so_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pack_verifications" ADD CONSTRAINT "pack_verifications_so_line_id_fkey" FOREIGN KEY ("so_line_id") REFERENCES "sales_order_lines"("so_line_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pack_verifications" ADD CONSTRAINT "pack_verifications_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_fulfillments" ADD CONSTRAINT "item_fulfillments_so_id_fkey" FOREIGN KEY ("so_id") REFERENCES "sales_orders"("so_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_fulfillments" ADD CONSTRAINT "item_fulfillments_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_fulfillment_lines" ADD CONSTRAINT "item_fulfillment_lines_fulfillment_id_fkey" FOREIGN KEY ("fulfillment_id") REFERENCES "item_fulfillments"("fulfillment_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_fulfillment_lines" ADD CONSTRAINT "item_fulfillment_lines_so_line_id_fkey" FOREIGN KEY ("so_line_id") REFERENCES "sales_order_lines"("so_line_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_fulfillment_lines" ADD CONSTRAINT "item_fulfillment_lines_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_fulfillment_lines" ADD CONSTRAINT "item_fulfillment_lines_bin_id_fkey" FOREIGN KEY ("bin_id") REFERENCES "bins"("bin_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cycle_counts" ADD CONSTRAINT "cycle_counts_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cycle_counts" ADD CONSTRAINT "cycle_counts_bin_id_fkey" FOREIGN KEY ("bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cycle_count_lines" ADD CONSTRAINT "cycle_count_lines_count_id_fkey" FOREIGN KEY ("count_id") REFERENCES "cycle_counts"("count_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cycle_count_lines" ADD CONSTRAINT "cycle_count_lines_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_adjustments" ADD CONSTRAINT "inventory_adjustments_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("item_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_adjustments" ADD CONSTRAINT "inventory_adjustments_bin_id_fkey" FOREIGN KEY ("bin_id") REFERENCES "bins"("bin_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_adjustments" ADD CONSTRAINT "inventory_adjustments_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_adjustments" ADD CONSTRAINT "inventory_adjustments_cycle_count_id_fkey" FOREIGN KEY ("cycle_count_id") REFERENCES "cycle_counts"("count_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connector_credentials" ADD CONSTRAINT "connector_credentials_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouses"("warehouse_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ===========================================================================
-- Hand-written SQL (not expressible in schema.prisma). Prisma's schema engine
-- ignores CHECK constraints, functions and triggers when diffing, so these do
-- not cause drift (tests/db/migrations-drift.test.ts).
-- ===========================================================================

-- ---------------------------------------------------------------------------
-- No quantity may go negative.
-- ---------------------------------------------------------------------------
ALTER TABLE "inventory"
    ADD CONSTRAINT "inventory_quantity_on_hand_check" CHECK ("quantity_on_hand" >= 0),
    ADD CONSTRAINT "inventory_quantity_allocated_check" CHECK ("quantity_allocated" >= 0),
    ADD CONSTRAINT "inventory_allocated_le_on_hand_check" CHECK ("quantity_allocated" <= "quantity_on_hand");

ALTER TABLE "purchase_order_lines"
    ADD CONSTRAINT "purchase_order_lines_quantity_ordered_check" CHECK ("quantity_ordered" >= 0),
    ADD CONSTRAINT "purchase_order_lines_quantity_received_check" CHECK ("quantity_received" >= 0);

ALTER TABLE "sales_order_lines"
    ADD CONSTRAINT "sales_order_lines_quantity_ordered_check" CHECK ("quantity_ordered" >= 0),
    ADD CONSTRAINT "sales_order_lines_quantity_allocated_check" CHECK ("quantity_allocated" >= 0),
    ADD CONSTRAINT "sales_order_lines_quantity_picked_check" CHECK ("quantity_picked" >= 0),
    ADD CONSTRAINT "sales_order_lines_quantity_packed_check" CHECK ("quantity_packed" >= 0),
    ADD CONSTRAINT "sales_order_lines_quantity_shipped_check" CHECK ("quantity_shipped" >= 0);

ALTER TABLE "item_receipts"
    ADD CONSTRAINT "item_receipts_quantity_received_check" CHECK ("quantity_received" > 0);

ALTER TABLE "bin_transfers"
    ADD CONSTRAINT "bin_transfers_quantity_check" CHECK ("quantity" > 0);

ALTER TABLE "pick_batches"
    ADD CONSTRAINT "pick_batches_totals_check" CHECK ("total_orders" >= 0 AND "total_items" >= 0);

ALTER TABLE "pick_tasks"
    ADD CONSTRAINT "pick_tasks_quantity_to_pick_check" CHECK ("quantity_to_pick" >= 0),
    ADD CONSTRAINT "pick_tasks_quantity_picked_check" CHECK ("quantity_picked" >= 0);

ALTER TABLE "wave_pick_breakdown"
    ADD CONSTRAINT "wave_pick_breakdown_quantity_check" CHECK ("quantity" >= 0),
    ADD CONSTRAINT "wave_pick_breakdown_quantity_picked_check" CHECK ("quantity_picked" >= 0),
    ADD CONSTRAINT "wave_pick_breakdown_short_quantity_check" CHECK ("short_quantity" >= 0);

ALTER TABLE "pack_verifications"
    ADD CONSTRAINT "pack_verifications_quantity_check" CHECK ("quantity" >= 0);

ALTER TABLE "item_fulfillment_lines"
    ADD CONSTRAINT "item_fulfillment_lines_quantity_shipped_check" CHECK ("quantity_shipped" >= 0);

ALTER TABLE "cycle_count_lines"
    ADD CONSTRAINT "cycle_count_lines_expected_quantity_check" CHECK ("expected_quantity" >= 0),
    ADD CONSTRAINT "cycle_count_lines_counted_quantity_check" CHECK ("counted_quantity" IS NULL OR "counted_quantity" >= 0);

ALTER TABLE "login_attempts"
    ADD CONSTRAINT "login_attempts_attempts_check" CHECK ("attempts" >= 0);

-- ---------------------------------------------------------------------------
-- audit_log tamper resistance (spec 00 §7, V-025).
--
-- row_hash = SHA-256(prev_hash || payload), payload =
--   action_type|entity_type|entity_id|user_id|warehouse_id|details::text|created_at
-- (NULLs as empty strings; created_at rendered in UTC as YYYY-MM-DDTHH:MI:SS.USZ so
-- the hash does not depend on the session's TimeZone/DateStyle). prev_hash of the
-- first row is the single byte 0x00. Uses PostgreSQL's built-in sha256(bytea)
-- (PG 11+, also in PGlite), no pgcrypto needed.
--
-- Inserts are serialised by a transaction-level advisory lock, and log_id is
-- re-drawn from the sequence once the lock is held, so log_id order == chain order
-- even with concurrent writers. The chain head is read with a fresh snapshot, which
-- only READ COMMITTED guarantees: inserting under REPEATABLE READ/SERIALIZABLE would
-- fork the chain, so it is refused.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION audit_log_row_digest(
    p_prev_hash bytea,
    p_action_type text,
    p_entity_type text,
    p_entity_id integer,
    p_user_id text,
    p_warehouse_id integer,
    p_details jsonb,
    p_created_at timestamptz
) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT sha256(
        coalesce(p_prev_hash, '\x00'::bytea) || convert_to(
            coalesce(p_action_type, '') || '|' ||
            coalesce(p_entity_type, '') || '|' ||
            coalesce(p_entity_id::text, '') || '|' ||
            coalesce(p_user_id, '') || '|' ||
            coalesce(p_warehouse_id::text, '') || '|' ||
            coalesce(p_details::text, '') || '|' ||
            coalesce(to_char(p_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ''),
            'UTF8'))
$$;

CREATE OR REPLACE FUNCTION audit_log_hash_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_prev bytea;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audit_log inserts require READ COMMITTED isolation (hash chain), got %',
            current_setting('transaction_isolation');
    END IF;
    -- 0x5741_5544 = 'WAUD': one global lock for the audit chain.
    PERFORM pg_advisory_xact_lock(1463895364);
    NEW.log_id := nextval(pg_get_serial_sequence('audit_log', 'log_id'));
    IF NEW.created_at IS NULL THEN
        NEW.created_at := now();
    END IF;
    SELECT a.row_hash INTO v_prev FROM audit_log a ORDER BY a.log_id DESC LIMIT 1;
    NEW.prev_hash := coalesce(v_prev, '\x00'::bytea);
    NEW.row_hash := audit_log_row_digest(NEW.prev_hash, NEW.action_type, NEW.entity_type, NEW.entity_id,
        NEW.user_id, NEW.warehouse_id, NEW.details, NEW.created_at);
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log rows are append-only (V-025 tamper resistance)';
END;
$$;

CREATE TRIGGER audit_log_hash_chain_trg
    BEFORE INSERT ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION audit_log_hash_chain();

CREATE TRIGGER audit_log_append_only_trg
    BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Walks the chain in log_id order; returns the first log_id whose prev_hash or
-- row_hash does not match, or NULL when the whole chain verifies.
CREATE OR REPLACE FUNCTION audit_log_verify_chain() RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r record;
    v_prev bytea := '\x00'::bytea;
BEGIN
    FOR r IN
        SELECT log_id, action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at,
               prev_hash, row_hash
        FROM audit_log ORDER BY log_id
    LOOP
        IF r.prev_hash IS DISTINCT FROM v_prev
           OR r.row_hash IS DISTINCT FROM audit_log_row_digest(r.prev_hash, r.action_type, r.entity_type,
                r.entity_id, r.user_id, r.warehouse_id, r.details, r.created_at) THEN
            RETURN r.log_id;
        END IF;
        v_prev := r.row_hash;
    END LOOP;
    RETURN NULL;
END;
$$;
