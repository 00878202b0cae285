"""Report formats beyond the HTML audit report and JSON: CSV, JUnit XML, Markdown, PDF, onboarding.

Each module turns a ReportView into one format; auditor.report.render.render() dispatches to them.
"""
