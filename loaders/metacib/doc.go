// Package metacib parses Meta's coordinated-inauthentic-behaviour indicator
// disclosures (github.com/facebook/threat-research, indicators/csv) into
// typed records; writing them to Neo4j is another package's job.
//
// Meta published two schemas. The 2022 reports are flat IOC lists
// (indicator_type,indicator_value,comment,ds). From 2023 each network has its
// own file laid out along Meta's Online Operations Kill Chain
// (Tactic,Technique,Procedure,Indicator[,Notes|Note|Comments]), where the
// Indicator cell holds whatever the analyst wrote: a defanged URL, a bare
// domain, "63 accounts", "About $73,600 in spending for ads ...", or prose.
// Parse turns every non-empty row into exactly one record:
//
//   - Asset: an account, page, group, channel or website the operation ran,
//     with the platform's handle or numeric id taken from the URL;
//   - Count: "44 Pages" under an "Acquiring ... assets" procedure, which is all
//     Meta discloses about its own platforms (it never lists Facebook URLs);
//   - Fact: audience and ad-spend statements, with a number only when the
//     text has one ("Around $xx" stays text);
//   - Indicator: machine-readable values that are not the operation's assets
//     (hashes, IPs, e-mail addresses, hashtags, links to posts and petitions,
//     sites the operation defaced);
//   - TTP: prose that documents a procedure;
//
// or a loaders.Reject when a row cannot be interpreted. Because nothing is
// dropped silently, rows = assets + counts + facts + indicators + TTPs +
// rejects + blank separator rows, which the tests check on every real file.
//
// Which procedures may yield assets is a fixed list (contexts, in
// procedures.go): a domain under "8.2.1 Defacing websites" belongs to a
// victim, and a Twitter profile under "7.8.1 Tagging social media users" to
// someone the operation tagged, so they become indicators, not assets.
package metacib
