package io.marketplace.auth;

import io.marketplace.common.auth.Jwt;
import io.marketplace.common.auth.RevokedTokens;
import io.marketplace.common.bus.ActionDispatcher;
import io.marketplace.common.bus.Actions;
import io.marketplace.common.bus.Services;
import io.marketplace.common.config.AppConfig;
import io.marketplace.common.mongo.MongoClients;
import io.marketplace.common.recovery.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mongo.MongoClient;

/** Wiring of the auth service: repositories, hasher, token issuer, and its actions on {@code marketplace.auth}. */
public class AuthVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        AppConfig config = AppConfig.fromJson(config());
        MongoClient mongo = MongoClients.shared(vertx, config);
        UserRepository users = new UserRepository(mongo);
        RefreshTokenRepository refreshTokens = new RefreshTokenRepository(mongo);
        RevokedTokens revokedTokens = new RevokedTokens(vertx, mongo);
        AuthService auth = new AuthService(users, refreshTokens, new PasswordHasher(vertx, config.bcryptCost()),
                new TokenIssuer(Jwt.provider(vertx, config), config, refreshTokens), revokedTokens);
        ActionDispatcher dispatcher = new ActionDispatcher(Services.AUTH)
                .on(Actions.Auth.REGISTER, auth::register)
                .on(Actions.Auth.LOGIN, auth::login)
                .on(Actions.Auth.ME, auth::me)
                .on(Actions.Auth.UPDATE_ME, auth::updateMe)
                .on(Actions.Auth.REFRESH, auth::refresh)
                .on(Actions.Auth.LOGOUT, auth::logout)
                .on(Actions.Auth.VERIFY, auth::verify)
                .on(Actions.Auth.GET_USER, auth::getUser);
        return Future.all(users.createIndexes(), refreshTokens.createIndexes(), revokedTokens.createIndexes())
                .compose(ignored -> auth.ensureAdmin(config.adminEmail(), config.adminPassword()))
                .compose(ignored -> dispatcher.register(vertx))
                .onSuccess(ignored -> PeriodicPass.schedule(vertx, "Expired revocation purge", 1000,
                        config.reservationRecoverySeconds() * 1000L, revokedTokens::purgeExpired));
    }
}
