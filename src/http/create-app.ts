import { type INestApplication, Logger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import type { LedgerSettings } from '../config/ledger-settings';
import type { EventStore } from '../event-store/event-store.port';
import type { Clock } from '../shared/clock';
import type { ProjectieOpties } from '../modules/projecties/projecties.service';
import { API_VERSION, volgensApiDesignRules } from './openapi';
import { requestTimeout } from './request-timeout';
import { createValidationPipe } from './validation';
import type { NextFunction, Request, Response } from 'express';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP application: the same for `npm start` and for the end-to-end tests. */
export async function createApp(options: {
  dataSource: DataSource;
  settings: LedgerSettings;
  clock?: Clock;
  logger?: false;
  projecties?: ProjectieOpties;
  eventStore?: EventStore;
}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.create(options), {
    bodyParser: false,
    logger: options.logger === false ? false : ['log', 'warn', 'error'],
  });
  app.useBodyParser('json', { limit: options.settings.config.bodyLimitBytes, strict: true });
  // The dashboard's page and files live outside the API's prefix (src/modules/dashboard).
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: '/', method: RequestMethod.GET },
      { path: 'dashboard/:bestand', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('API-Version', API_VERSION);
    next();
  });
  app.use(requestTimeout(options.settings.config.requestTimeoutMs));

  const document = volgensApiDesignRules(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Begroot')
      .setDescription('Event-sourced begrotingsgrootboek voor gemeenten: vastgestelde begroting, wijzigingen, reserves en jaarrekening.')
      .setVersion('1.0.0')
      .setContact('Begroot', 'https://begroot.nl', 'beheer@begroot.nl')
      .addServer(`/${API_PREFIX}`)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { ignoreGlobalPrefix: true },
  ));
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/openapi.json` });
  new Logger('Begroot').log(`OpenAPI op /${API_PREFIX}/openapi.json`);
  return app;
}
