package rules

// ActiveCompromise: an alerted resource that the code loads at HEAD and that is malicious, or
// whose source names hosts that threat intelligence calls malicious (scan --investigate): the
// playbook's sign of an ongoing active compromise.
const ActiveCompromise RuleID = "active-compromise"

// The catalog's order is the SARIF rule index: a rule added later goes at the end.
func init() {
	catalog = append(catalog, Rule{
		ID: ActiveCompromise, Name: "ActiveCompromise",
		Short:            "Ongoing active compromise: malicious resource loaded by the code",
		Full:             "An alerted resource is actively present in the code at HEAD and is loaded from a malicious host or holds malicious code, or its source names malicious hostnames or IPs (possibly obfuscated): the playbook's sign of an ongoing active compromise.",
		HelpText:         plain(compromiseHelp),
		HelpMarkdown:     compromiseHelp,
		Level:            Error,
		SecuritySeverity: "10.0",
		Precision:        "high",
		Tags:             []string{"security", "client-side", "malware", "incident"},
	})
}

// The playbook's three indicators of an ongoing active compromise, in its order. Reports name
// them by number and by these words.
const (
	// IndicatorPresent: the code references the resource at HEAD (it is actively present).
	IndicatorPresent = "present"
	// IndicatorMaliciousResource: the resource is loaded from a malicious host or IP, or is
	// malicious code (Page Shield's verdict, or threat intelligence on its host).
	IndicatorMaliciousResource = "malicious-resource"
	// IndicatorMaliciousSource: the resource's source code names hostnames or IPs that threat
	// intelligence calls malicious, possibly obfuscated or encoded.
	IndicatorMaliciousSource = "malicious-source"
)

const compromiseHelp = `## What this means
The playbook's three indicators of an **ongoing active compromise** are:
1. the resource is actively present in the application: the code references it at HEAD (` + "`indicator.present`" + `);
2. it is loaded from a malicious host or IP, or it is malicious code: Page Shield's verdict, or Cloudflare Intel (Security Center Investigate) or your intel file on its host (` + "`indicator.malicious-resource`" + `);
3. its source code holds malicious hostnames or IPs, possibly obfuscated or encoded (` + "`indicator.malicious-source`" + `): each one that only decoding reveals counts double, since working code has no reason to hide where it connects.

This result fires when indicator 1 holds together with 2 or 3. Each indicator is a property of the result with its evidence: the file and line, the source of the verdict (page-shield, cloudflare-intel or the intel file) and the categories (Malware, Command and Control & Botnet, …).

## Contain now
1. Remove the reference (the line of indicator 1) and deploy; purge CDN caches.
2. Block the resource's host and every malicious host of indicator 3 in the Content Security Policy (script-src, connect-src) and with a Page Shield policy, so that copies you have not found stop working too.
3. Keep the evidence before you change anything: the script as served, the commit that added the reference, server and CDN logs.

## Investigate
1. How it got in: git blame and log on the line of indicator 1, the author, the pull request and its review, dependency and CI changes around that commit.
2. How far it goes: rescan with ` + "`--history`" + ` over all refs and scan your other repositories for the resource and for every host of indicator 3.
3. What it took: where the malicious hosts received data from, which pages and forms the script ran on (card numbers, credentials, personal data) and since when (Page Shield's first seen date).

## Recover
- Rotate the credentials of every account that could have pushed it, and any secret exposed on those pages.
- Follow your incident process and its notification duties (payment pages fall under PCI DSS 6.4.3 and 11.6.1).

## When only some indicators hold
- **Not found in the code** (2 or 3 without 1): something other than the code loads it: a browser extension on visitors' machines, a third-party script, the CDN, edge or CMS, or a conditional loader that serves it only in some states or countries (geography), to a percentage of visitors or on some pages. Fetch the affected pages as visitors from several countries and browsers and compare with the repository; review the vendors' scripts and the tag manager.
- **Present, no malicious verdict** (1 alone): confirm the resource's owner and purpose; "no data" from threat intelligence is not "clean". Analyse the script (` + "`shieldscan analyze`" + `, ` + "`scan --expand`" + `) and look its hosts up.`
