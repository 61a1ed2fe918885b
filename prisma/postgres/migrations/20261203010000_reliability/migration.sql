-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "InboundEvent_processedAt_source_receivedAt_idx" ON "InboundEvent"("processedAt", "source", "receivedAt");

-- CreateTable
CREATE TABLE "HealthProbe" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HealthProbe_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Milestone" ADD COLUMN     "unownedById" TEXT,
ADD COLUMN     "unownedSince" TIMESTAMP(3);
