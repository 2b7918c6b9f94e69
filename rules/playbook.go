package rules

import "strings"

// catalog holds the rules and their playbooks. Help is written for the engineer on an incident:
// what the finding means, what can cause it, and what to check next. HelpMarkdown is what GitHub
// code scanning shows; HelpText is the same playbook without the markup.
var catalog = []Rule{
	{
		ID: UnknownResource, Name: "UnknownResource",
		Short:            "Alerted resource that the code never references",
		Full:             "A script, host or IP that browsers of the site load, and that Page Shield or another client-side monitor alerted on, is referenced nowhere in the scanned code.",
		HelpText:         plain(unknownHelp),
		HelpMarkdown:     unknownHelp,
		Level:            Error,
		SecuritySeverity: "8.0",
		Precision:        "high",
		Tags:             []string{"security", "client-side", "supply-chain"},
	},
	{
		ID: DeclaredReference, Name: "DeclaredReference",
		Short:            "Code references an alerted resource",
		Full:             "The code loads, allows or names a resource that a client-side monitor alerted on.",
		HelpText:         plain(declaredHelp),
		HelpMarkdown:     declaredHelp,
		Level:            Note,
		SecuritySeverity: "3.0",
		Precision:        "very-high",
		Tags:             []string{"security", "client-side"},
	},
	{
		ID: MaliciousReference, Name: "MaliciousReference",
		Short:            "Code references a resource flagged malicious",
		Full:             "The code loads, allows or names a resource that Cloudflare Page Shield flags as malicious.",
		HelpText:         plain(maliciousHelp),
		HelpMarkdown:     maliciousHelp,
		Level:            Error,
		SecuritySeverity: "10.0",
		Precision:        "very-high",
		Tags:             []string{"security", "client-side", "malware"},
	},
	{
		ID: EncodedReference, Name: "EncodedReference",
		Short:            "Obfuscated reference to an alerted resource",
		Full:             "The code references an alerted resource through an encoding (base64, escapes, character codes, split or reversed strings, numeric IPs).",
		HelpText:         plain(encodedHelp),
		HelpMarkdown:     encodedHelp,
		Level:            Error,
		SecuritySeverity: "9.0",
		Precision:        "high",
		Tags:             []string{"security", "client-side", "obfuscation"},
	},
	{
		ID: HistoricalReference, Name: "HistoricalReference",
		Short:            "Alerted resource referenced only in git history",
		Full:             "A commit in the repository's history referenced the alerted resource; the current tree does not.",
		HelpText:         plain(historicalHelp),
		HelpMarkdown:     historicalHelp,
		Level:            Warning,
		SecuritySeverity: "6.0",
		Precision:        "high",
		Tags:             []string{"security", "client-side", "history"},
	},
	{
		ID: ChangedReference, Name: "ChangedReference",
		Short:            "Change adds a reference to an alerted resource",
		Full:             "The change under review (a pull request or staged content) adds a reference to an alerted resource.",
		HelpText:         plain(changedHelp),
		HelpMarkdown:     changedHelp,
		Level:            Error,
		SecuritySeverity: "8.0",
		Precision:        "very-high",
		Tags:             []string{"security", "client-side"},
	},
	{
		ID: ScriptHost, Name: "ScriptHost",
		Short:            "Host or IP named inside an analysed script",
		Full:             "A script given to shieldscan analyze names this URL, hostname or IP address, plainly or hidden by an encoding; a hidden one is an error.",
		HelpText:         plain(scriptHostHelp),
		HelpMarkdown:     scriptHostHelp,
		Level:            Note,
		SecuritySeverity: "5.0",
		Precision:        "high",
		Tags:             []string{"security", "client-side", "analysis"},
	},
	{
		ID: ThirdPartyHost, Name: "ThirdPartyHost",
		Short:            "Code references a third-party host",
		Full:             "The code loads, allows or names a host outside the site (script and link tags, imports, network calls, CSP, Page Shield policies, server configs).",
		HelpText:         plain(thirdPartyHelp),
		HelpMarkdown:     thirdPartyHelp,
		Level:            Note,
		SecuritySeverity: "2.0",
		Precision:        "high",
		Tags:             []string{"client-side", "inventory"},
	},
	{
		ID: StaleDeclared, Name: "StaleDeclared",
		Short:            "Declared third party that Page Shield has not seen",
		Full:             "The code declares this third-party host, and the Page Shield data given with --against shows no script or connection on it.",
		HelpText:         plain(staleHelp),
		HelpMarkdown:     staleHelp,
		Level:            Warning,
		SecuritySeverity: "4.0",
		Precision:        "medium",
		Tags:             []string{"client-side", "inventory"},
	},
	{
		ID: NewThirdParty, Name: "NewThirdParty",
		Short:            "Change introduces a third-party host the baseline does not list",
		Full:             "The change under review (--since) adds a reference to a third-party host that the inventory baseline does not list.",
		HelpText:         plain(newThirdPartyHelp),
		HelpMarkdown:     newThirdPartyHelp,
		Level:            Error,
		SecuritySeverity: "7.0",
		Precision:        "high",
		Tags:             []string{"security", "client-side", "supply-chain", "inventory"},
	},
}

// plain turns a playbook's Markdown into plain text: headings lose their hashes and end with a
// colon, emphasis marks go, code is quoted, lists stay as they are.
func plain(md string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(strings.TrimSpace(md), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			line = h + ":"
		}
		line = strings.NewReplacer("**", "", "`", `"`).Replace(line)
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

const unknownHelp = `## What this means
Browsers of your site load this resource, and a client-side monitor (Cloudflare Page Shield or another) alerted on it, but nothing in the scanned code names it: not plainly, not encoded. The code does not explain it, so something else does. Until you know what, assume the worst.

The result sits at the line of the resources file that listed the alert, or at the placeholder "no file associated with this alert" when the alert came from a flag or an API.

## What can load a resource the code never mentions
- **Injection into the served page**: a compromised origin, CMS, template or database field (a "custom HTML" setting, a stored widget, a plugin option) that adds a tag when the page is served.
- **A CDN or edge change**: a Worker, a transform or page rule, an edge include, or a tampered cache or storage bucket that serves a modified copy of a file that is clean in the repository.
- **A third-party script pulling it in**: analytics, chat, A/B testing, tag managers, ads and payment widgets load their own dependencies at run time; one compromised vendor script is enough (supply chain).
- **Browser extensions** on visitors' machines inject scripts that the monitor sees in the page. They tend to show up at low volume, scattered over unrelated pages.
- **Conditional loaders**: code that runs only for some visitors (some states or countries by geo-IP, a percentage of page views, checkout pages only, logged-out users, no open devtools, certain hours) hides well in a third-party script or in an obfuscation the scanner could not peel.
- **Artifacts from elsewhere**: a bundle built from a dependency, another branch or repository, or a hotfix made by hand on a server.

## What to check next
1. Open the alert: the pages that load it, first and last seen, and the script that initiated the request (its parent). A parent you know narrows the search to one vendor.
2. Fetch an affected page as a visitor would, from more than one country and browser, and diff the served HTML and scripts against this repository's build (hash the deployed files).
3. Review the third-party scripts on those pages, recent changes in the tag manager, and the vendors' security notices.
4. Check the CDN and edge configuration, files changed on the origin outside a deploy, and CMS users, templates and plugins.
5. Rescan with ` + "`--history`" + ` (was it ever in the code?) and with the hosts of the vendor scripts as resources, to find who pulls it in.
6. If nothing explains it, treat it as an active compromise: block it with a Content Security Policy or a Page Shield policy, keep the evidence, and rotate the credentials used on the affected pages.`

const declaredHelp = `## What this means
The code loads, allows (a Content Security Policy, an allow-list) or names this alerted resource on the line shown. The code explains why browsers load it, not whether they should. The ` + "`context`" + ` property says what the line does: a reference in a comment or in docs loads nothing; one in a script tag or a CSP does.

## What to do
1. **Confirm the purpose**: which feature needs it, on which pages.
2. **Confirm the owner**: who added it (git blame), which vendor runs the host, and whether someone in your organisation answers for it.
3. **Check the monitor's verdict**. When the resource is flagged malicious, treat this as an active compromise: your own code is loading a malicious resource (see the malicious-reference playbook).
4. If it is legitimate, pin it: a Subresource Integrity hash on the script tag, an exact URL rather than a whole host in the CSP, or a self-hosted copy; then resolve the alert with a note.
5. If nobody owns it, remove it.`

const maliciousHelp = `## What this means
The code loads or allows a resource that Cloudflare Page Shield flags as malicious (a known skimmer, a malware host, a domain reported malicious). It is actively present in your source: every browser that runs this code runs it. Treat it as an ongoing compromise.

## Contain
1. Remove the reference and deploy; purge CDN caches.
2. Block the host in the Content Security Policy (script-src, connect-src) and with a Page Shield policy, so that copies you have not found stop working too.

## Investigate
1. How it got there: git blame and log on the line, the author, the pull request and its review, dependency and CI changes around that commit.
2. How far it goes: rescan with ` + "`--history`" + ` over all refs and scan your other repositories; look for the same host encoded elsewhere.
3. What it took: where its requests went, which pages and forms it ran on (card numbers, credentials, personal data) and since when.

## Recover
- Rotate the credentials of every account that could have pushed it, and any secret exposed on those pages.
- Follow your incident process and its notification duties (payment pages fall under PCI DSS 6.4.3 and 11.6.1).
- Keep the evidence (commits, deployed files, logs) before you rewrite anything.`

const encodedHelp = `## What this means
The code names this alerted resource through an encoding: base64, hex, unicode or octal escapes, character codes, percent-encoding, HTML entities, split, joined or reversed strings, numeric IPs, packers or PHP decode chains. The ` + "`encoding`" + ` property gives the chain the scanner peeled, in order, and ` + "`decoded`" + ` the value it found.

Working code has almost no reason to hide a hostname or an IP. Obfuscation is a sign of an ongoing active compromise: skimmers and backdoors hide their loaders from reviewers and from plain text search.

## What to do
1. Treat it as an active compromise until proven otherwise, and follow the malicious-reference playbook: contain, investigate, recover.
2. Read the code around it for conditions: geo-IP or percentage checks, checkout-only paths, cookie or user-agent tests, anti-debugging tricks.
3. Read the file's history: when the encoded string arrived, from whom, and what else that commit changed.
4. Look for siblings: other encoded strings in the same file, the same commit, or other files with the same shape.
5. The rare legitimate case is a minified vendor bundle that encodes its own host: compare the file with the vendor's published build (hash it) and write down the explanation.`

const historicalHelp = `## What this means
A commit in the repository's history referenced this alerted resource; the current tree does not. The ` + "`commit`" + `, ` + "`author`" + ` and ` + "`date`" + ` properties say where it came from, and ` + "`removedIn`" + ` which commit removed it.

## Why it still matters
- Deployed copies may still carry it: old releases, caches and CDNs, servers that were not redeployed, forks and long-lived branches.
- An attacker may have added it and removed it again (a hit and run), or moved it somewhere the scan does not see: the server, the CMS, the tag manager.
- The commit tells who and how, which is what an incident that the monitor sees today needs.

## What to check
1. Read the introducing and the removing commits (git show): who, when, the message, and what else they changed.
2. Check that the deployed site is built from a commit after the removal: compare the deployed files with the repository.
3. If the monitor still sees the resource after the removal date, the code no longer explains it: follow the unknown-resource playbook.
4. If the reference carried a credential, rotate it: rewriting history does not revoke it.`

const changedHelp = `## What this means
The change under review (a pull request, ` + "`--since`" + ` or ` + "`--staged`" + `) adds a reference to a resource that a client-side monitor alerted on.

## What to do
- **Do not merge until it is explained**: the author states the purpose and the owner, and the reviewer checks the monitor's verdict.
- If the resource is flagged malicious, or the reference is encoded, treat the change as an attack: check the author's account, the branch's other commits, and the CI that built it.
- If it is legitimate, resolve the alert first, pin the script with a Subresource Integrity hash, then merge.`

const scriptHostHelp = `## What this means
The analysed script (an alerted script, or one you are reviewing) names this URL, hostname or IP address. The ` + "`encoding`" + ` property says how: ` + "`plain`" + `, or the chain of encodings that hid it (` + "`base64>reversed`" + `). A hidden host is an error: working code has little reason to hide where it connects.

## What to do
1. Check each host against the vendor that owns the script: a payment or analytics script talks to its own hosts; a host that belongs to nobody you know is where the data goes.
2. Rescan your code with the script's hosts as resources (` + "`shieldscan scan --expand`" + `): does your code reference the skimmer, or anything it talks to?
3. Block the unknown hosts in the Content Security Policy (connect-src, script-src) and with a Page Shield policy.`

const thirdPartyHelp = `## What this means
The code loads, allows or names this host, which is not one of the site's own (` + "`--site-host`" + `). The inventory lists every such host with every location, grouped by registrable domain, so that a team can see which third parties its pages depend on.

## What to do
- Confirm that each third party has a purpose and an owner, and that its scripts are pinned (Subresource Integrity) or self-hosted where they can be.
- Keep the Content Security Policy and the Page Shield policies to this list: compare with ` + "`--against`" + ` what Page Shield observes.
- Record the list as a baseline (` + "`--write-baseline`" + `) so that a pull request that adds a host is caught.`

const staleHelp = `## What this means
The code declares this third-party host (loads it, or allows it in a CSP or a Page Shield policy), and the Page Shield data given with ` + "`--against`" + ` shows no script or connection on it for the window it covers.

## What to do
- If the feature is gone, remove the reference and narrow the CSP: every allowed host is one more place a skimmer can send data to.
- If the host serves pages Page Shield does not monitor, or is loaded rarely, widen the window of the export and check again before removing it.`

const newThirdPartyHelp = `## What this means
The change under review adds a reference to a third-party host that the inventory baseline does not list. New third parties on a site's pages (above all on payment pages, PCI DSS 6.4.3) need an owner and a reason before they ship.

## What to do
- **Do not merge until it is explained**: which feature needs the host, who runs it, and what data its scripts see.
- If it is legitimate, pin the script (Subresource Integrity), add the host to the CSP and the Page Shield policy, and add it to the baseline file in the same change.
- If nobody can explain it, treat the change as an attack: check the author's account and the other commits of the branch.`
