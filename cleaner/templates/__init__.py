"""Batch templates: learn each site's chrome from the batch itself (issue 12).

counts.py keeps hashed line counts per site in bounded memory; learner.py turns them into lines
and runs that recur, behind guards; rulefile.py writes them as reviewable rule files; stage.py
runs those rules after every other stage; collect.py and run.py are the learning pass over a
batch. Import the submodules directly: this package stays import-free so the pipeline can use
stage.py without pulling in the batch machinery.
"""
