-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "InboundEvent" ADD COLUMN "leaseUntil" DATETIME;
ALTER TABLE "InboundEvent" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "InboundEvent" ADD COLUMN "lastError" TEXT;

-- CreateIndex
CREATE INDEX "InboundEvent_processedAt_source_receivedAt_idx" ON "InboundEvent"("processedAt", "source", "receivedAt");

-- CreateTable
CREATE TABLE "HealthProbe" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- AlterTable
ALTER TABLE "Milestone" ADD COLUMN "unownedSince" DATETIME;
ALTER TABLE "Milestone" ADD COLUMN "unownedById" TEXT;
