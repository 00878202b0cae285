"""The check library, installed as the package auditor_checks.

One module per check, at <category>/<check id with - as _>.py, each defining CHECK. The folder tree
is the catalogue: auditor.checklib.registry discovers every module under the category folders and
validates it (the file name, the declared id and the folder must agree), so adding a check is adding
its file.

Families of look-alike checks are rows of <category>/<family>.yaml instead (one template per file,
auditor.checklib.rows): every such file in a category folder is loaded, after the modules.
"""
