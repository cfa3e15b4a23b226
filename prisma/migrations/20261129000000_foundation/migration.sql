-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "User" (
    "sub" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hostedDomain" TEXT NOT NULL,
    "picture" TEXT,
    "groups" TEXT[],
    "groupsAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("sub")
);

-- CreateTable
CREATE TABLE "GroupCache" (
    "userSub" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "groups" TEXT[],
    "source" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupCache_pkey" PRIMARY KEY ("userSub")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorSub" TEXT,
    "actorEmail" TEXT,
    "profileId" TEXT,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "accountId" TEXT,
    "roleName" TEXT,
    "region" TEXT,
    "instanceId" TEXT,
    "sessionId" TEXT,
    "destination" TEXT,
    "reason" TEXT,
    "detail" TEXT,
    "sourceIp" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorSub_at_idx" ON "AuditEvent"("actorSub", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

