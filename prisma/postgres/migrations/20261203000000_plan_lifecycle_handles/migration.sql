-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "liveFrom" TIMESTAMP(3),
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'live';

-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "handle" TEXT;

-- CreateIndex
CREATE INDEX "Action_planId_handle_idx" ON "Action"("planId", "handle");
