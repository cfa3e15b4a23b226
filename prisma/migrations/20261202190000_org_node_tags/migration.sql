-- Tags are read when a page shows a node, not by the sync (lib/org/node-tags.ts): they move out of the tree rows,
-- which every sync replaces, into their own table that outlives syncs.
ALTER TABLE "OrgNode" DROP COLUMN "tags";

-- CreateTable
CREATE TABLE "OrgNodeTags" (
    "nodeId" TEXT NOT NULL,
    "tags" JSONB NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrgNodeTags_pkey" PRIMARY KEY ("nodeId")
);
