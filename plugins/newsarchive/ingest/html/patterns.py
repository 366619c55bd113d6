"""Heuristic data for reading saved pages, kept together so it reads as data, not code.

Every entry is general web convention (schema.org, OpenGraph, Dublin Core, common CMS
markup); nothing here names a particular site.
"""

from __future__ import annotations

import re

# --- metadata: meta tags, best evidence first ------------------------------------------------
# (attribute, value) pairs matched case-insensitively against <meta name|property|itemprop>.
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "article.published", "article_date_original", "dc.date.issued", "dcterms.issued",
    "dc.date.created", "dcterms.created", "sailthru.date", "parsely-pub-date", "date",
    "dc.date", "original-publish-date", "cxenseparse:recs:publishtime", "displaydate",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dc.date.modified", "dcterms.modified", "last-modified", "lastmod", "article.updated",
)
TITLE_META = ("og:title", "twitter:title", "dc.title", "title", "headline", "sailthru.title",
              "parsely-title")
SITE_NAME_META = ("og:site_name", "application-name", "apple-mobile-web-app-title",
                  "twitter:site", "publisher", "dc.publisher", "cxenseparse:recs:publisher")
AUTHOR_META = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author",
               "byl")
URL_META = ("og:url", "twitter:url", "parsely-link")
LOCALE_META = ("og:locale", "content-language", "language", "dc.language", "lang")
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "report", "scholarlyarticle", "techarticle",
    "webpage", "creativework",
})
# Types that say "this page is a listing or a site, not one article".
NON_ARTICLE_TYPES = frozenset({"website", "collectionpage", "searchresultspage", "itemlist",
                               "profilepage", "organization", "newsmediaorganization"})

# --- the URL the page was saved from ---------------------------------------------------------
# Browsers ("saved from url=(0042)https://..."), SingleFile ("url: https://...") and HTTrack
# ("Mirrored from host/path by HTTrack") leave it in a comment: the best evidence of all, since it is the address the curator actually visited.
SAVED_FROM = (
    re.compile(r"saved from url=\(\d+\)\s*(https?://\S+?)\s*(?:-->|$)", re.IGNORECASE),
    re.compile(r"Page saved with SingleFile\s+url:\s*(https?://\S+)", re.IGNORECASE),
    re.compile(r"<!--\s*Mirrored from\s+(\S+?)\s+by HTTrack", re.IGNORECASE),
)
# Social widgets that repeat the page's own address (XFBML and the HTML5 Like button).
WIDGET_URL_XPATH = (
    "//*[local-name()='like' or local-name()='comments' or local-name()='share-button']/@href"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' fb-like ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' fb-comments ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' fb-share-button ')]/@data-href"
)

# --- dates -----------------------------------------------------------------------------------
URL_DATE = (
    re.compile(r"/((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?:/|[_-]|\b)"),
    re.compile(r"[/_-]((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|[_-]|\.html?|\b)"),
    # /2013/middle_east/8/3/: a section name between the year and the month
    re.compile(r"/((?:19|20)\d\d)/[a-z_-]{2,30}/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/"),
)
# The lead image: og:image, or an image whose alt text is the headline. Its upload path often
# carries the date (/uploads/2020/10/13/...) when the page states none.
LEAD_IMAGE_XPATH = ("//meta[@property='og:image' or @name='twitter:image']/@content"
                    " | //link[@rel='image_src']/@href")
TIME_XPATH = ("//time[@itemprop='datePublished' or @pubdate or contains(@class,'publish')]"
              "/@datetime")
ITEMPROP_PUBLISHED_XPATH = "//*[@itemprop='datePublished']/@content | " \
                           "//*[@itemprop='datePublished']/@datetime"
ITEMPROP_MODIFIED_XPATH = "//*[@itemprop='dateModified']/@content | " \
                          "//*[@itemprop='dateModified']/@datetime"

# --- titles ----------------------------------------------------------------------------------
H1_XPATH = "//h1"
# Headings inside the article itself, when a page has several h1.
ARTICLE_H1_XPATH = ("//article//h1 | //*[@itemprop='headline'] | //*[contains(@class,'headline')]"
                    "[self::h1 or self::h2]")

# --- related-links lists ---------------------------------------------------------------------
# A paragraph that starts with such a label and carries a link: the link is a related headline.
RELATED_LABEL = re.compile(
    r"^\s*(?:related(?:\s+(?:articles?|stories|story|news|coverage|content|reading|links?))?"
    r"|read\s+(?:also|more|next)|more\s+on\s+this(?:\s+story)?|see\s+also|also\s+read"
    r"|explore\s+further|further\s+reading"
    r"|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|lire\s+aussi|à\s+lire\s+aussi"
    r"|leia\s+(?:também|mais)|lea\s+también|leer\s+más|czytaj\s+(?:też|także|więcej)"
    r"|читайте\s+также|читайте\s+также|по\s+теме|читайте\s+більше|читайте\s+також"
    r"|اقرأ\s+أيضا|اقرأ\s+أيضاً|إقرأ\s+أيضا|مواضيع\s+ذات\s+صلة|بیشتر\s+بخوانید"
    r"|קראו\s+עוד|ראו\s+גם|เรื่องที่เกี่ยวข้อง|相关(?:新闻|阅读|文章)|関連(?:記事|ニュース)|관련\s*기사)"
    r"\s*[:：]?\s*",
    re.IGNORECASE,
)
# Class or id tokens of boxes that list related articles.
RELATED_BOX = re.compile(
    r"(?:^|[\s_-])(?:related|relatedarticles?|related-?(?:articles?|stories|posts|news|links|"
    r"content)|read-?more|more-?stories|see-?also|also-?read)(?:$|[\s_-])",
    re.IGNORECASE,
)
RELATED_BOX_XPATH = "//*[self::div or self::section or self::aside or self::ul or self::nav]" \
                    "[@class or @id]"
MAX_RELATED = 12

# --- pages that are not one article ----------------------------------------------------------
NOT_FOUND_TITLE = re.compile(
    r"\b(?:404|page not found|not found|seite nicht gefunden|página no encontrada|"
    r"page introuvable|страница не найдена|الصفحة غير موجودة)\b",
    re.IGNORECASE,
)
