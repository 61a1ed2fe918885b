-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scale" TEXT NOT NULL DEFAULT 'rag',
    "policyJson" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "sourceFile" TEXT,
    "importedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Section" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "number" TEXT,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Section_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Action" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "sectionId" TEXT,
    "key" TEXT NOT NULL,
    "ref" TEXT,
    "title" TEXT NOT NULL,
    "outcome" TEXT,
    "successMeasures" TEXT,
    "recommendation" TEXT,
    "startRaw" TEXT,
    "start" DATETIME,
    "extraJson" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Action_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActionLead" (
    "actionId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "roleTitle" TEXT,

    PRIMARY KEY ("actionId", "personId"),
    CONSTRAINT "ActionLead_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionLead_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueRaw" TEXT,
    "due" DATETIME,
    "baselineDue" DATETIME,
    "revisedDue" DATETIME,
    "revisedReason" TEXT,
    "revisionCount" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'unknown',
    "statusLabel" TEXT,
    "statusAt" DATETIME,
    "percentComplete" INTEGER,
    "latestUpdate" TEXT,
    "impact" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "snoozedUntil" DATETIME,
    "position" INTEGER NOT NULL DEFAULT 0,
    "sourceRow" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Milestone_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MilestoneOwner" (
    "milestoneId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "roleTitle" TEXT,

    PRIMARY KEY ("milestoneId", "personId"),
    CONSTRAINT "MilestoneOwner_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MilestoneOwner_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "normName" TEXT NOT NULL,
    "initials" TEXT,
    "roleTitle" TEXT,
    "isPost" BOOLEAN NOT NULL DEFAULT false,
    "email" TEXT,
    "slackUserId" TEXT,
    "teamsUserId" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "nation" TEXT NOT NULL DEFAULT 'ENG',
    "deputyId" TEXT,
    "awayUntil" DATETIME,
    "mentionOptIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Person_deputyId_fkey" FOREIGN KEY ("deputyId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanAdmin" (
    "planId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    PRIMARY KEY ("planId", "personId"),
    CONSTRAINT "PlanAdmin_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlanAdmin_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Board" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "sectionsJson" TEXT,
    "chairId" TEXT,
    "slackChannelId" TEXT,
    "teamsConversationId" TEXT,
    "schedule" TEXT NOT NULL DEFAULT 'MON 09:00',
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "meetingsJson" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Board_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Board_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoardMember" (
    "boardId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    PRIMARY KEY ("boardId", "personId"),
    CONSTRAINT "BoardMember_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BoardMember_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatusUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "milestoneId" TEXT NOT NULL,
    "byId" TEXT,
    "onBehalfOfId" TEXT,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusLabel" TEXT,
    "percentComplete" INTEGER,
    "narrative" TEXT,
    "impact" TEXT,
    "evidenceUrl" TEXT,
    "revisedDue" DATETIME,
    "revisedReason" TEXT,
    "blockers" TEXT,
    "idempotencyKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StatusUpdate_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StatusUpdate_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "StatusUpdate_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "onBehalfOfId" TEXT,
    "milestoneIds" TEXT NOT NULL,
    "plannedFor" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outboxId" TEXT
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelKey" TEXT NOT NULL,
    "recipientJson" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "sentAt" DATETIME,
    "platformRef" TEXT,
    "lastError" TEXT,
    "progressJson" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boardId" TEXT NOT NULL,
    "asOf" DATETIME NOT NULL,
    "postedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "score" REAL,
    "snapshotJson" TEXT NOT NULL,
    CONSTRAINT "Digest_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConversationRef" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "conversationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "serviceUrl" TEXT NOT NULL,
    "tenantId" TEXT,
    "aadObjectId" TEXT,
    "botId" TEXT,
    "personId" TEXT,
    "boardId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ConversationRef_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "resultJson" TEXT,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "errorsJson" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImportRun_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Plan_key_key" ON "Plan"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Section_planId_label_key" ON "Section"("planId", "label");

-- CreateIndex
CREATE INDEX "Action_planId_ref_idx" ON "Action"("planId", "ref");

-- CreateIndex
CREATE UNIQUE INDEX "Action_planId_key_key" ON "Action"("planId", "key");

-- CreateIndex
CREATE INDEX "Milestone_due_idx" ON "Milestone"("due");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_actionId_key_key" ON "Milestone"("actionId", "key");

-- CreateIndex
CREATE INDEX "MilestoneOwner_personId_idx" ON "MilestoneOwner"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_normName_key" ON "Person"("normName");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Person_slackUserId_key" ON "Person"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_teamsUserId_key" ON "Person"("teamsUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Board_name_key" ON "Board"("name");

-- CreateIndex
CREATE UNIQUE INDEX "StatusUpdate_idempotencyKey_key" ON "StatusUpdate"("idempotencyKey");

-- CreateIndex
CREATE INDEX "StatusUpdate_milestoneId_createdAt_idx" ON "StatusUpdate"("milestoneId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_dedupeKey_key" ON "Reminder"("dedupeKey");

-- CreateIndex
CREATE INDEX "Reminder_recipientId_kind_idx" ON "Reminder"("recipientId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_state_nextAttemptAt_idx" ON "OutboxMessage"("state", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Digest_boardId_asOf_key" ON "Digest"("boardId", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationRef_conversationId_key" ON "ConversationRef"("conversationId");

-- CreateIndex
CREATE UNIQUE INDEX "InboundEvent_key_key" ON "InboundEvent"("key");

