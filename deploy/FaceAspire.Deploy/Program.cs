using Amazon.CDK;
using FaceAspire.Deploy;

// deploy/synth OUTDIR [-c key=value]...: synthesises the CloudFormation templates into OUTDIR, offline.
var (outdir, context) = SynthArguments.Parse(args);
var app = new App(new AppProps { Outdir = outdir, Context = context, AnalyticsReporting = false });
FaceAspireApp.Define(app, DeploySettings.From(app));
app.Synth();
Console.WriteLine($"CloudFormation templates written to {Path.GetFullPath(outdir)}");
return 0;
