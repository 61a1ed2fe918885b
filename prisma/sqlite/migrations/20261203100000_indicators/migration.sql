-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "sectionId" TEXT,
    "key" TEXT NOT NULL,
    "ref" TEXT,
    "name" TEXT NOT NULL,
    "ownerId" TEXT,
    "polarity" TEXT,
    "unit" TEXT NOT NULL DEFAULT 'number',
    "baselineValue" REAL,
    "baselineRaw" TEXT,
    "baselineDate" DATETIME,
    "comparatorName" TEXT,
    "comparatorValue" REAL,
    "tolerance" REAL,
    "cadence" TEXT NOT NULL DEFAULT 'monthly',
    "extraJson" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Indicator_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Indicator_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Indicator_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "indicatorId" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "value" REAL,
    "raw" TEXT NOT NULL,
    CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "indicatorId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "value" REAL,
    "raw" TEXT,
    "note" TEXT,
    "byId" TEXT,
    "source" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "IndicatorValue_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IndicatorValue_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Indicator_ownerId_idx" ON "Indicator"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_planId_key_key" ON "Indicator"("planId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorTarget_indicatorId_date_key" ON "IndicatorTarget"("indicatorId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorValue_idempotencyKey_key" ON "IndicatorValue"("idempotencyKey");

-- CreateIndex
CREATE INDEX "IndicatorValue_indicatorId_periodEnd_idx" ON "IndicatorValue"("indicatorId", "periodEnd");

