-- the member UPN / e-mail captured at install, so a person mapped later is linked to their chat
ALTER TABLE "ConversationRef" ADD COLUMN "upn" TEXT;
