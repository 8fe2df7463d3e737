package io.browserstate.playwright;

import com.microsoft.playwright.Page;

/** Writes and reads a site's localStorage and IndexedDB from a page, as the site's own scripts would. */
final class SiteData {

    private SiteData() {
    }

    static void putLocalStorage(Page page, String key, String value) {
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", new Object[] {key, value});
    }

    static String localStorage(Page page, String key) {
        return (String) page.evaluate("k => localStorage.getItem(k)", key);
    }

    /** Stores {@code value} under {@code key} in database {@code bs-test}, store {@code kv}; returns when the transaction committed. */
    static void putIndexedDb(Page page, String key, String value) {
        page.evaluate("""
                ([k, v]) => new Promise((resolve, reject) => {
                  const open = indexedDB.open('bs-test', 1);
                  open.onupgradeneeded = () => open.result.createObjectStore('kv');
                  open.onerror = () => reject(open.error);
                  open.onsuccess = () => {
                    const db = open.result;
                    const tx = db.transaction('kv', 'readwrite');
                    tx.objectStore('kv').put(v, k);
                    tx.oncomplete = () => { db.close(); resolve(true); };
                    tx.onerror = () => reject(tx.error);
                  };
                })""", new Object[] {key, value});
    }

    /** The value under {@code key}, or {@code null} when the database, the store or the key is missing. */
    static String indexedDb(Page page, String key) {
        return (String) page.evaluate("""
                k => new Promise((resolve, reject) => {
                  const open = indexedDB.open('bs-test', 1);
                  open.onupgradeneeded = () => open.result.createObjectStore('kv');
                  open.onerror = () => reject(open.error);
                  open.onsuccess = () => {
                    const db = open.result;
                    const get = db.transaction('kv', 'readonly').objectStore('kv').get(k);
                    get.onsuccess = () => { db.close(); resolve(get.result === undefined ? null : get.result); };
                    get.onerror = () => reject(get.error);
                  };
                })""", key);
    }
}
