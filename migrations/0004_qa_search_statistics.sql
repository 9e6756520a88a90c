-- Ranked search plans well only when the planner knows how common each word is: with the default statistics target
-- the tsvector column keeps ~1,000 most-common lexemes, and a rarer word is then guessed to be common, which sends
-- "newest matches" down the created_at index past the whole table. 1000 keeps ~10,000 lexemes (docs/qa.md).
ALTER TABLE "questions" ALTER COLUMN "search" SET STATISTICS 1000;
