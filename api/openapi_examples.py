"""An example for every request and response schema in the OpenAPI document.

A test validates each one against its schema, so the examples cannot drift from
what the service sends and accepts.
"""
from __future__ import annotations

AT = "2027-03-02T09:15:00.000Z"
REVIEW_ID = "rv_3Jx0aQm2bq6tX1yU8cZk9w"
EARLIER_ID = "rv_9Qw2Lk0aZx7Vb3Nm5Tr1yA"

POST = {"text": "We are appealing for help to find Jane, 15, missing from Scarborough since Friday.",
        "account": "x:@NYorksPolice",
        "attachments": [{"kind": "image", "filename": "jane.jpg", "alt": "Photo of Jane supplied by her family"}],
        "scheduled_for": "2027-03-02T10:00:00+00:00"}
CONTEXT = {"account": "x:@NYorksPolice", "network": "x", "account_name": "North Yorkshire Police",
           "tier": "corporate", "contributors": 6, "scheduled_for": "2027-03-02T10:00:00+00:00",
           "election_period": None, "in_election_period": False}
FINDING = {"rule": "appeal.image-embedded-instead-of-link", "category": "wanted-missing-appeal",
           "severity": "review", "message": "A wanted or missing appeal carries the person's image instead of "
                                            "linking to the force website",
           "why": "Appeal images outlive the appeal when shared.", "policy": [{"profile": "norfolk-suffolk",
                                                                             "section": "8.1"}],
           "start": None, "end": None, "start_utf16": None, "end_utf16": None, "excerpt": "jane.jpg",
           "suggestion": "Link to the appeal page on the force website.", "attachment": 0,
           "fingerprint": "5e1f0c0a", "detected_by": "attachment/kind"}
REVIEW_REF = {"id": REVIEW_ID, "status": "approved", "decided_by": "Rita Ng", "decided_at": AT,
              "note": "Family consent given", "link": f"/v1/reviews/{REVIEW_ID}",
              "dashboard_link": f"/review#{REVIEW_ID}"}
LINT_RESULT = {"verdict": "approved", "lint_verdict": "review", "profile": "north-yorkshire",
               "rules_version": "2027.03.1", "text_sha256": "9f2c…", "findings": [FINDING], "context": CONTEXT,
               "review": REVIEW_REF}
ACCOUNT = {"account": "x:@NYorksPolice", "key": "x:nyorkspolice", "network": "x", "handle": "@NYorksPolice",
           "display_name": "North Yorkshire Police", "tier": "corporate", "contributors": 6,
           "profile": "north-yorkshire"}
SUMMARY = {"id": REVIEW_ID, "status": "pending", "verdict": "review", "profile": "north-yorkshire",
           "categories": ["wanted-missing-appeal"], "finding_count": 1, "preview": POST["text"],
           "submitted_by": "Hootsuite", "submitted_by_id": "pr_5f0c2a9e1b7d4c36", "submitted_at": AT,
           "context": CONTEXT, "decision": None, "withdrawal": None, "purged_at": None,
           "link": f"/v1/reviews/{REVIEW_ID}", "dashboard_link": f"/review#{REVIEW_ID}",
           "scheduled_for": "2027-03-02T10:00:00+00:00", "due_at": "2027-03-02T10:00:00.000Z",
           "account": "x:@NYorksPolice", "replaces": EARLIER_ID, "replaced_by": None}
REVIEW = {**SUMMARY, "rules_version": "2027.03.1", "text_sha256": "9f2c…",
          "post": {"text": POST["text"], "account_tier": "corporate", "account_contributors": 6,
                   "attachments": [{"kind": "image", "filename": "jane.jpg", "alt": "Photo of Jane supplied by "
                                    "her family", "caption": "", "source_url": ""}],
                   "scheduled_for": "2027-03-02T10:00:00+00:00", "profile": "north-yorkshire"},
          "findings": [FINDING], "note": "Family consent on file", "election_period": None,
          "resubmission_of": {"id": EARLIER_ID, "dashboard_link": f"/review#{EARLIER_ID}",
                              "decision": {"decision": "request_changes", "by": "Rita Ng",
                                           "by_id": "pr_0a1b2c3d4e5f6a7b", "at": AT,
                                           "note": "Use her first name only"},
                              "changes": [{"op": "equal", "text": "We are appealing for help to find "},
                                          {"op": "delete", "text": "Jane Holt, "},
                                          {"op": "insert", "text": "Jane, "},
                                          {"op": "equal", "text": "15, missing from Scarborough since Friday."}]},
          "rewrite": None}
ERROR_ENTRY = {"id": "hs-81724", "error": {"code": "account_forbidden",
                                           "message": "this token may not post from x:@NYorksPolice; it may "
                                                      "post from: x:@ScarbPolice"}}

REQUESTS = {
    "Post": POST,
    "Batch": {"posts": [{**POST, "id": "hs-81723"}, {"id": "hs-81724", "text": "Road closed on the A64.",
                                                      "account": "x:@NYorksPolice"}]},
    "ReviewRequest": {"post": POST, "note": "Family consent on file",
                      "callback_url": "https://scheduler.example/postlint/decisions"},
    "ReviewBatch": {"reviews": [{"id": "hs-81723", "idempotency_key": "hs-81723-v1", "post": POST,
                                 "callback_url": "https://scheduler.example/postlint/decisions"}]},
    "DecisionRequest": {"decision": "approve", "note": "Family consent given"},
    "WithdrawalRequest": {"note": "Jane has been found; the appeal must not go out"},
    "AccountRequest": {"account": "x:@NYorksPolice", "display_name": "North Yorkshire Police",
                       "tier": "corporate", "contributors": 6, "profile": "north-yorkshire"},
    "GrantRequest": {"principal_id": "pr_5f0c2a9e1b7d4c36"},
    "SignIn": {"token": "plt_0123456789abcdef_" + "x" * 43},
    "TokenRequest": {"name": "Olivia Shaw", "role": "officer", "accounts": ["x:@ScarbPolice"],
                     "expires_at": "2027-12-31"},
    "TokenImport": {"csv": "name,role,accounts,expires\nOlivia Shaw,officer,x:@ScarbPolice,2027-12-31\n"
                           "Rita Ng,reviewer,,\n"},
    "ExpiryRequest": {"expires_at": None},
    "PrepublishRequest": {"id": "buffer-81723", "post": POST, "note": "Family consent on file",
                          "callback_url": "https://scheduler.example/postlint/decisions"},
    "HootsuiteEvents": [{"seq_no": "1207", "type": "com.hootsuite.messages.event.v1",
                         "data": {"state": "PENDING_APPROVAL", "organization": {"id": "814984"},
                                  "message": {"id": "4138476039"}, "timestamp": "2027-03-02T09:15:00Z"}}],
}

TOKEN_INFO = {"principal_id": "pr_5f0c2a9e1b7d4c36", "name": "Olivia Shaw", "role": "officer",
              "token_id": "tk_0123456789abcdef", "created_at": AT, "expires_at": "2028-01-01T00:00:00.000Z",
              "last_used_at": AT, "state": "active", "revoked_at": None, "accounts": ["x:@ScarbPolice"]}
NEW_TOKEN = "plt_0123456789abcdef_" + "x" * 43

RESPONSES = {
    "TokenInfo": TOKEN_INFO,
    "Tokens": {"tokens": [TOKEN_INFO]},
    "NewToken": {"token": NEW_TOKEN, **TOKEN_INFO},
    "ImportResult": {"issued": [{"name": "Olivia Shaw", "role": "officer", "principal_id": "pr_5f0c2a9e1b7d4c36",
                                 "token_id": "tk_0123456789abcdef", "expires_at": "2028-01-01T00:00:00.000Z",
                                 "accounts": ["x:@ScarbPolice"], "token": NEW_TOKEN}]},
    "Health": {"status": "ok", "rules_version": "2027.03.1"},
    "PrepublishAccepted": {"id": "buffer-81723", "review_id": REVIEW_ID, "status": "pending", "verdict": "review",
                           "categories": ["wanted-missing-appeal"],
                           "findings": [{"rule": FINDING["rule"], "severity": "review", "message": FINDING["message"]}],
                           "link": f"/v1/reviews/{REVIEW_ID}", "created": True},
    "HootsuiteBatchResult": {"received": 3, "queued": 2, "recorded": 1, "ignored": 0},
    "Me": {"principal_id": "pr_5f0c2a9e1b7d4c36", "name": "Olivia Shaw", "role": "officer", "accounts": [ACCOUNT]},
    "LintResult": LINT_RESULT,
    "FixResult": {"text": "A 41-year-old man from Selby was arrested on suspicion of burglary. The man remains "
                          "in custody.", "applied": ["arrest.named-suspect"], "verdict": "ok", "remaining": []},
    "BatchResult": {"results": [{"id": "hs-81723", "account": "x:@NYorksPolice", **LINT_RESULT}, ERROR_ENTRY]},
    "Rules": {"profile": "uk-police", "rules_version": "2027.03.1", "rules": [{"id": FINDING["rule"]}]},
    "Profiles": {"default": "uk-police", "rules_version": "2027.03.1", "profiles": [{"name": "uk-police"}]},
    "Accounts": {"accounts": [ACCOUNT]},
    "Account": ACCOUNT,
    "AccountDetail": {**ACCOUNT, "officers": [{"principal_id": "pr_5f0c2a9e1b7d4c36", "name": "Olivia Shaw"}]},
    "Review": REVIEW,
    "ReviewPage": {"reviews": [SUMMARY], "next": f"/v1/reviews?limit=50&cursor=41"},
    "ReviewBatchResult": {"results": [{"id": "hs-81723", "created": True, "review": REVIEW}, ERROR_ENTRY]},
    "Facets": {"counts": {"pending": 3, "changes_requested": 1, "approved": 40, "rejected": 2, "withdrawn": 0,
                          "expired": 1},
               "submitted_by": ["Hootsuite", "Olivia Shaw"], "accounts": ["x:@NYorksPolice"], "latest": 47,
               "arrived": 2},
    "Categories": {"categories": [{"id": "arrest-name", "name": "Naming someone arrested"}]},
    "Session": {"name": "Rita Ng", "role": "reviewer", "csrf": "k3Jd9aQ0xZ2mV7bN1cT5yW8rL4pS6hF0",
                "csrf_header": "X-CSRF-Token", "expires_at": AT},
    "Audit": {"review_id": REVIEW_ID, "events": [
        {"at": AT, "actor": "Hootsuite", "actor_id": "pr_5f0c2a9e1b7d4c36", "role": "scheduler",
         "action": "submitted", "detail": {"verdict": "review", "findings": 1}},
        {"at": AT, "actor": "Rita Ng", "actor_id": "pr_0a1b2c3d4e5f6a7b", "role": "reviewer",
         "action": "approved", "detail": {"note_given": True}}]},
}
