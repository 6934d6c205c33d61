"""Open-data views: the kommun's setting page (``settings``), the public pages (``public``)."""
