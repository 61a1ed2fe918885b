-- AlterTable
ALTER TABLE "Action" ADD COLUMN "handle" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Plan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scale" TEXT NOT NULL DEFAULT 'rag',
    "policyJson" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "sourceFile" TEXT,
    "importedAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'live',
    "liveFrom" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Plan" ("createdAt", "id", "importedAt", "key", "name", "policyJson", "scale", "sourceFile", "timeZone", "updatedAt") SELECT "createdAt", "id", "importedAt", "key", "name", "policyJson", "scale", "sourceFile", "timeZone", "updatedAt" FROM "Plan";
DROP TABLE "Plan";
ALTER TABLE "new_Plan" RENAME TO "Plan";
CREATE UNIQUE INDEX "Plan_key_key" ON "Plan"("key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Action_planId_handle_idx" ON "Action"("planId", "handle");
