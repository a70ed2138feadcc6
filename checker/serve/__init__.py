"""``claimcheck serve``: the check as an HTTP service and an editor's page (SPEC §9).

Needs the ``serve`` extra (Starlette, uvicorn).  ``drafts`` reads request
bodies, ``answer`` turns a draft into its answer, ``workers`` runs that in
worker processes, ``service`` owns the rules and their reloading, ``app`` is
the HTTP face and ``page/`` the editor's page.  See ``docs/service.md``.
"""
