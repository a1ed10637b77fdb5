-- AlterTable
ALTER TABLE "item_fulfillments" ALTER COLUMN "tracking_number" SET DATA TYPE VARCHAR(255),
ALTER COLUMN "carrier" SET DATA TYPE VARCHAR(100);
