-- CreateTable
CREATE TABLE "AccessPolicyDocument" (
    "id" TEXT NOT NULL DEFAULT 'current',
    "source" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessPolicyDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgSync" (
    "id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggeredBy" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "apiCalls" INTEGER NOT NULL DEFAULT 0,
    "accountCount" INTEGER NOT NULL DEFAULT 0,
    "ouCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "OrgSync_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgNode" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentId" TEXT,
    "name" TEXT NOT NULL,
    "path" TEXT[],
    "depth" INTEGER NOT NULL,
    "email" TEXT,
    "status" TEXT,
    "joinedAt" TIMESTAMP(3),
    "tags" JSONB NOT NULL DEFAULT '{}',
    "policyIds" TEXT[],
    "syncId" UUID NOT NULL,

    CONSTRAINT "OrgNode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "awsManaged" BOOLEAN NOT NULL DEFAULT false,
    "content" TEXT NOT NULL,
    "syncId" UUID NOT NULL,

    CONSTRAINT "OrgPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FavouriteRole" (
    "userSub" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FavouriteRole_pkey" PRIMARY KEY ("userSub","accountId","roleName")
);

-- CreateTable
CREATE TABLE "RecentRole" (
    "userSub" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecentRole_pkey" PRIMARY KEY ("userSub","accountId","roleName")
);

-- CreateTable
CREATE TABLE "ShellSession" (
    "sessionId" TEXT NOT NULL,
    "userSub" TEXT NOT NULL,
    "userEmail" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "reason" TEXT,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ShellSession_pkey" PRIMARY KEY ("sessionId")
);

-- CreateIndex
CREATE INDEX "OrgSync_startedAt_idx" ON "OrgSync"("startedAt");

-- CreateIndex
CREATE INDEX "OrgNode_parentId_idx" ON "OrgNode"("parentId");

-- CreateIndex
CREATE INDEX "OrgNode_kind_idx" ON "OrgNode"("kind");

-- CreateIndex
CREATE INDEX "RecentRole_userSub_usedAt_idx" ON "RecentRole"("userSub", "usedAt");

-- CreateIndex
CREATE INDEX "ShellSession_userSub_startedAt_idx" ON "ShellSession"("userSub", "startedAt");

-- CreateIndex
CREATE INDEX "ShellSession_startedAt_idx" ON "ShellSession"("startedAt");

