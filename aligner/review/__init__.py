"""``aligner review``: a local page to check, fix and export an alignment.

:func:`open_session` aligns the input (or resumes its saved project) and returns a
:class:`ReviewSession`, which holds every action of the page; :mod:`aligner.review.server`
serves it on 127.0.0.1 behind a random token. The fixes themselves are pure functions in
:mod:`aligner.review.edits`, and re-aligning after a fix is :mod:`aligner.review.realign`
(the stretch it picks aligned by :class:`aligner.engine.AlignmentEngine`, as ``align`` does).
"""

from __future__ import annotations

from aligner.review.project import Project, ReviewBead, load_project, project_path_for
from aligner.review.session import EXPORTS, ReviewSession, open_session

__all__ = ["EXPORTS", "Project", "ReviewBead", "ReviewSession", "load_project",
           "open_session", "project_path_for"]
