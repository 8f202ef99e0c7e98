"""Posts the API tests send; the engine's own tests pin what it finds in them."""

ARREST_POST = {"text": "Officers have arrested Callum Pexton, 31, on suspicion of affray.", "account_tier": "local"}
CLEAN_POST = {"text": "Thanks to everyone who came to the beat surgery in Selby today.", "account_tier": "local"}
