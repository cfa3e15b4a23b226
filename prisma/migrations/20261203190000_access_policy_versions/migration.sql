-- Stored profile versions replace the single stored copy of the file. The copy is not carried over (it had no text,
-- only the parsed form, and no author): on the next start the file seeds version 1, which is what the copy held.
DROP TABLE "AccessPolicyDocument";

CREATE TABLE "AccessPolicyVersion" (
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "message" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "restoredFrom" INTEGER,
    "authorSub" TEXT,
    "authorEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "diff" JSONB,

    CONSTRAINT "AccessPolicyVersion_pkey" PRIMARY KEY ("version")
);
