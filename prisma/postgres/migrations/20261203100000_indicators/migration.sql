-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "sectionId" TEXT,
    "key" TEXT NOT NULL,
    "ref" TEXT,
    "name" TEXT NOT NULL,
    "ownerId" TEXT,
    "polarity" TEXT,
    "unit" TEXT NOT NULL DEFAULT 'number',
    "baselineValue" DOUBLE PRECISION,
    "baselineRaw" TEXT,
    "baselineDate" TIMESTAMP(3),
    "comparatorName" TEXT,
    "comparatorValue" DOUBLE PRECISION,
    "tolerance" DOUBLE PRECISION,
    "cadence" TEXT NOT NULL DEFAULT 'monthly',
    "extraJson" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "id" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION,
    "raw" TEXT NOT NULL,

    CONSTRAINT "IndicatorTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION,
    "raw" TEXT,
    "note" TEXT,
    "byId" TEXT,
    "source" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IndicatorValue_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorValue" ADD CONSTRAINT "IndicatorValue_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorValue" ADD CONSTRAINT "IndicatorValue_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

