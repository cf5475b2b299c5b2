"""analysis: sensitivity indices, robustness of designs, figures and reports from a results store.

Built in the issue "Analysis, figures, the report"; it reads results stores only.
"""
