namespace NativeSeg.Reports;

/// <summary>One model's predictions in a report: a name (shown as given, escaped) and its folder of case masks.</summary>
public sealed record ReportModel(string Name, string PredictionsDir);

/// <summary>What `nativeseg report` draws: images (nnU-Net case_0000 names), truth masks, and each model's masks.</summary>
/// <param name="CasesTsv">Optional cases.tsv naming each case's group (the table's group column).</param>
public sealed record ReportInput(string ImagesDir, string TruthDir, IReadOnlyList<ReportModel> Models, string Title = "NativeSeg report", string? CasesTsv = null);
