-- fields set with `ragtime indicators set` (a JSON list), which a re-import of the indicator table keeps
ALTER TABLE "Indicator" ADD COLUMN "setByHand" TEXT;
