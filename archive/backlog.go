package archive

// sqlBacklog is the migration for sources whose backlog takes several runs:
// how many new items the last run left for later, and where the next run
// goes on reading deeper (a list page past max_pages, an older child
// sitemap).
const sqlBacklog = `
	ALTER TABLE source ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE source ADD COLUMN resume_url TEXT NOT NULL DEFAULT '';`
