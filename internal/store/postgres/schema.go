package postgres

// migrations are the schema changes in order; migration i (0-based) brings the schema to version i+1. Never
// edit a released migration: append a new one. Text columns use the "C" collation so that ordering and
// comparison are bytewise, as in SQLite, whatever the database's locale.
var migrations = []string{
	// 1: articles, annotations for aggregation, and the search vector over search keys.
	`
CREATE TABLE articles (
	seq              bigserial PRIMARY KEY,
	id               text COLLATE "C" NOT NULL UNIQUE,
	source           text COLLATE "C" NOT NULL DEFAULT '',
	url              text COLLATE "C" NOT NULL DEFAULT '',
	title            text COLLATE "C" NOT NULL DEFAULT '',
	published        text COLLATE "C" NOT NULL DEFAULT '',
	published_unix   bigint,             -- NULL when unknown
	day              text COLLATE "C",   -- YYYY-MM-DD in the publication's zone, NULL when unknown
	analyzer_version text COLLATE "C" NOT NULL DEFAULT '',
	stored_at        bigint NOT NULL,
	n_mentions       integer NOT NULL DEFAULT 0,
	n_events         integer NOT NULL DEFAULT 0,
	n_quotes         integer NOT NULL DEFAULT 0,
	record           bytea NOT NULL,     -- JSON of article.Record
	tsv              tsvector NOT NULL   -- search keys: title A, body B, extra C
);
CREATE INDEX articles_published ON articles (published_unix DESC NULLS LAST, seq DESC);
CREATE INDEX articles_source ON articles (lower(source), published_unix DESC NULLS LAST);
CREATE INDEX articles_day ON articles (day);
CREATE INDEX articles_tsv ON articles USING gin (tsv);

CREATE TABLE mentions (
	article bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
	entity  text COLLATE "C" NOT NULL,   -- KB ID, or canonical name when unlinked
	name    text COLLATE "C" NOT NULL,
	type    text COLLATE "C" NOT NULL,
	surface text COLLATE "C" NOT NULL,   -- the mention as written
	skey    text COLLATE "C" NOT NULL,   -- search keys of the surface, space-separated
	day     text COLLATE "C"
);
CREATE INDEX mentions_entity ON mentions (entity, day);
CREATE INDEX mentions_article ON mentions (article);
CREATE INDEX mentions_name ON mentions (lower(name));
CREATE INDEX mentions_skey ON mentions (skey);
CREATE INDEX mentions_day ON mentions (day);

CREATE TABLE events (
	article   bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
	idx       integer NOT NULL,
	key       text COLLATE "C" NOT NULL,
	type      text COLLATE "C" NOT NULL,
	quad      text COLLATE "C" NOT NULL,
	day       text COLLATE "C",
	goldstein double precision NOT NULL,
	data      bytea NOT NULL,            -- JSON of article.Event
	PRIMARY KEY (article, idx)
);
CREATE INDEX events_type ON events (type, day);
CREATE INDEX events_key ON events (key) WHERE key <> '';
CREATE INDEX events_day ON events (day);

CREATE TABLE event_parties (
	article bigint NOT NULL,
	idx     integer NOT NULL,
	role    text COLLATE "C" NOT NULL,   -- actor or recipient
	entity  text COLLATE "C" NOT NULL,
	name    text COLLATE "C" NOT NULL,
	FOREIGN KEY (article, idx) REFERENCES events (article, idx) ON DELETE CASCADE
);
CREATE INDEX event_parties_entity ON event_parties (entity, role);
CREATE INDEX event_parties_event ON event_parties (article, idx);

CREATE TABLE quotes (
	article bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
	idx     integer NOT NULL,
	speaker text COLLATE "C" NOT NULL,   -- entity key, '' when unknown
	day     text COLLATE "C",
	data    bytea NOT NULL,              -- JSON of article.Quote
	PRIMARY KEY (article, idx)
);
CREATE INDEX quotes_speaker ON quotes (speaker, day);
`,
	// 2: the work queue of package jobs.
	`
CREATE TABLE jobs (
	id           bigserial PRIMARY KEY,
	kind         text COLLATE "C" NOT NULL,         -- fetch_feed, fetch_page, analyze, reanalyze
	key          text COLLATE "C" NOT NULL,         -- the work item: enqueueing the same kind and key is a no-op
	payload      bytea NOT NULL,
	state        text COLLATE "C" NOT NULL DEFAULT 'queued', -- queued, running, done, dead
	attempts     integer NOT NULL DEFAULT 0,        -- leases taken so far
	max_attempts integer NOT NULL DEFAULT 5,
	run_at       timestamptz NOT NULL DEFAULT now(), -- not before
	leased_until timestamptz,
	leased_by    text NOT NULL DEFAULT '',
	last_error   text NOT NULL DEFAULT '',
	created_at   timestamptz NOT NULL DEFAULT now(),
	started_at   timestamptz,
	finished_at  timestamptz,
	UNIQUE (kind, key)
);
CREATE INDEX jobs_ready ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs (leased_until) WHERE state = 'running';
CREATE INDEX jobs_state ON jobs (state, kind);
`,
	// 3: re-analysis selects records by analyser version.
	`
CREATE INDEX articles_analyzer ON articles (analyzer_version);
`,
	// 4: followed sources, feed items, article mentions across outlets, fingerprints and stories (khabar watch),
	// as in the SQLite store's migration 2. Times are unix seconds, 0 when unknown.
	`
CREATE TABLE sources (
	id            bigserial PRIMARY KEY,
	url           text COLLATE "C" NOT NULL UNIQUE,
	name          text COLLATE "C" NOT NULL DEFAULT '',
	zone          text COLLATE "C" NOT NULL DEFAULT '',
	kind          text COLLATE "C" NOT NULL DEFAULT '',
	added         bigint NOT NULL,
	etag          text NOT NULL DEFAULT '',
	last_modified text NOT NULL DEFAULT '',
	last_poll     bigint NOT NULL DEFAULT 0,
	last_ok       bigint NOT NULL DEFAULT 0,
	last_error    text NOT NULL DEFAULT '',
	failures      integer NOT NULL DEFAULT 0,
	next_poll     bigint NOT NULL DEFAULT 0
);

CREATE TABLE feed_items (
	source  bigint NOT NULL,             -- sources.id; kept when the source is removed
	key     text COLLATE "C" NOT NULL,   -- GUID, else canonical URL
	article text COLLATE "C" NOT NULL,   -- articles.id
	outcome text COLLATE "C" NOT NULL,   -- new or mention
	seen    bigint NOT NULL,
	PRIMARY KEY (source, key)
);

CREATE TABLE article_mentions (
	seq     bigserial,                   -- insertion order
	article text COLLATE "C" NOT NULL,   -- articles.id
	source  text COLLATE "C" NOT NULL,   -- source name
	url     text COLLATE "C" NOT NULL,
	seen    bigint NOT NULL,
	PRIMARY KEY (article, source, url)
);
CREATE INDEX article_mentions_url ON article_mentions (url);

CREATE TABLE fingerprints (
	article text COLLATE "C" PRIMARY KEY, -- articles.id
	simhash bigint NOT NULL,              -- 64-bit SimHash stored as a signed integer
	story   text COLLATE "C" NOT NULL,
	at      bigint NOT NULL               -- publication time, else first seen (unix seconds)
);
CREATE INDEX fingerprints_at ON fingerprints (at);
CREATE INDEX fingerprints_story ON fingerprints (story);
CREATE INDEX articles_url ON articles (url) WHERE url <> '';
`,
}
