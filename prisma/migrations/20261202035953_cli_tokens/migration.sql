-- AlterTable
ALTER TABLE "AuthSession" ADD COLUMN     "groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "groupsCheckedAt" TIMESTAMP(3),
ADD COLUMN     "name" TEXT;

-- CreateTable
CREATE TABLE "CliLoginRequest" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "deviceName" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "userCode" TEXT,
    "displayCode" TEXT,
    "codeChallenge" TEXT,
    "redirectUri" TEXT,
    "interval" INTEGER,
    "lastPolledAt" TIMESTAMP(3),
    "userSub" TEXT,
    "userEmail" TEXT,
    "userName" TEXT,
    "userGroups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "decidedAt" TIMESTAMP(3),
    "sourceIp" TEXT,
    "userAgent" TEXT,
    "authSessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CliLoginRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CliLoginRequest_codeHash_key" ON "CliLoginRequest"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "CliLoginRequest_userCode_key" ON "CliLoginRequest"("userCode");

-- CreateIndex
CREATE UNIQUE INDEX "CliLoginRequest_codeChallenge_key" ON "CliLoginRequest"("codeChallenge");

-- CreateIndex
CREATE INDEX "CliLoginRequest_expiresAt_idx" ON "CliLoginRequest"("expiresAt");

-- CreateIndex
CREATE INDEX "AuthSession_kind_createdAt_idx" ON "AuthSession"("kind", "createdAt");

