package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/internal/outfile"
	"github.com/shieldscan/shieldscan/merge"
	"github.com/shieldscan/shieldscan/output"
)

var mergeCommand = &command{
	name:  "merge",
	args:  "[flags] REPORT.json…",
	short: "combine the JSON reports of many repositories into one incident view",
	long: "Reads the JSON reports of 'shieldscan scan --format json' from many repositories and shows,\n" +
		"for each resource, the repositories that declare it, those whose history alone holds it,\n" +
		"where, and those that looked for it and found it nowhere. The exit status follows the\n" +
		"most severe resource across the repositories.\n",
	flags: func(fs *pflag.FlagSet) func(context.Context, *stdio, []string) (int, error) {
		o := &outputs{}
		fs.StringVar(&o.format, "format", "text", "output `FORMAT`: text, json, markdown or sarif")
		o.colorFlag(fs)
		o.outputFlag(fs)
		o.summaryFlag(fs)
		fs.StringVar(&o.category, "category", "shieldscan/merge/", "SARIF runAutomationDetails.`ID`")
		o.failOnFlag(fs, "error, warning, note or never")
		return o.merge
	},
}

// mergeFormats are merge's formats: merge.Formats and SARIF (of View.Report).
var mergeFormats = append(merge.Formats[:len(merge.Formats):len(merge.Formats)], "sarif")

func (o *outputs) merge(_ context.Context, st *stdio, args []string) (int, error) {
	failOn, err := o.checkFormats(mergeFormats)
	if err != nil {
		return 0, err
	} else if len(args) == 0 {
		return 0, usagef("merge takes one or more REPORT.json files (written by shieldscan scan --format json)")
	} else if err := outfile.Check(args, o.files(st)); err != nil {
		return 0, err
	}
	inputs, err := merge.ReadFiles(args...)
	if err != nil {
		return 0, err
	}
	v := merge.Merge(inputs)
	opts := merge.Options{ToolVersion: toolVersion(), Color: o.colorful(st), Link: merge.GitHubLink(st.env.server)}
	data, err := merge.Render(v, o.format, opts)
	if o.format == "sarif" {
		data, err = output.Render(v.Report(), "sarif", output.Options{ToolVersion: opts.ToolVersion, Category: o.category})
	}
	if err == nil {
		err = o.write(st, data)
	}
	if name := o.summaryFile(st); err == nil && name != "" {
		err = outfile.Append(name, merge.Markdown(v, opts))
	}
	if err != nil {
		return 0, err
	} else if v.Incomplete != "" {
		fmt.Fprintf(st.stderr, "shieldscan: incomplete merge: %s (the view says so)\n", v.Incomplete)
		return exitError, nil
	} else if v.Fails(failOn) {
		return exitFindings, nil
	}
	return exitClean, nil
}
